"""Small accessible charts drawn on the server as SVG: a title and a text
description for screen readers, labelled axes, and the numbers themselves
in a table beside each chart (see templates/_chart.html). No script."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import escape

from django.utils.formats import date_format

from kindred.lib.phrases import Phrase, word

WIDTH, HEIGHT = 420, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 44
COLOURS = ("#3b36a6", "#b3541e", "#1f7a4d", "#8a2f6b")  # 4.5:1 or more on white


@dataclass
class Chart:
    """A chart as built, and as the daily run stores it: the title and
    description are Phrases, the axis, label and series names English marked
    for the catalogues, days and months ISO dates; `shown` turns it into
    the reader's language."""

    key: str
    title: str | Phrase
    description: str | Phrase
    y_label: str
    labels: list[str]
    series: Mapping[str, Sequence[float | None]] = field(default_factory=dict)
    kind: str = "bar"  # or "line"
    y_max: float | None = None

    def __post_init__(self) -> None:
        # A stored chart's phrases come back from JSON as dicts.
        self.title = Phrase.loaded(self.title)  # type: ignore[assignment]
        self.description = Phrase.loaded(self.description)  # type: ignore[assignment]

    def shown(self) -> Chart:
        """The chart in the reader's language, ready to draw."""
        return replace(
            self,
            title=str(self.title),
            description=str(self.description),
            y_label=word(self.y_label),
            labels=[_label(label) for label in self.labels],
            series={word(name): values for name, values in self.series.items()},
        )

    @property
    def empty(self) -> bool:
        return not self.labels or all(
            v is None or v == 0 for values in self.series.values() for v in values
        )

    @property
    def svg(self) -> str:
        return _bars(self) if self.kind == "bar" else _lines(self)

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        return [
            (label, [_fmt(values[i]) for values in self.series.values()])
            for i, label in enumerate(self.labels)
        ]


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _label(label: str) -> str:
    """A day or a month in the reader's words (2 Mar, mars 26), else the word."""
    if _DAY.match(label):
        return date_format(dt.date.fromisoformat(label), "j M")
    if _MONTH.match(label):
        return date_format(dt.date.fromisoformat(f"{label}-01"), "M y")
    return word(label)


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


CHAR_WIDTH = 7.5  # of a 13-pixel label, generously, so labels never touch
MAX_TICKS = 5


def _values(chart: Chart) -> list[float]:
    return [v for s in chart.series.values() for v in s if v is not None]


def _counts(chart: Chart) -> bool:
    """Whether the chart counts things (people, meetings): its axis then
    shows whole numbers only, never "0.5 meetings"."""
    return chart.y_max is None and all(float(v).is_integer() for v in _values(chart))


def _count_step(top: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… that gives at most MAX_TICKS
    intervals up to `top`."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if math.ceil(top / step) <= MAX_TICKS - 1:
                return step
        magnitude *= 10


def _scale(chart: Chart) -> float:
    top = chart.y_max or max([1.0, *_values(chart)])
    if _counts(chart):
        step = _count_step(top)
        return float(step * math.ceil(top / step))
    return top


def _tick_values(chart: Chart) -> list[float]:
    top = _scale(chart)
    if _counts(chart):
        step = _count_step(top)
        return [float(n * step) for n in range(int(top // step) + 1)]
    return [0.0, round(top / 2, 1), top]


def _label_step(labels: Sequence[str], slot: float) -> int:
    """Show every n-th label so that neighbours never overlap."""
    longest = max((len(label) for label in labels), default=1) * CHAR_WIDTH + 6
    return max(1, math.ceil(longest / slot))


def _frame(chart: Chart, body: str) -> str:
    top = _scale(chart)
    plot_h = HEIGHT - TOP - BOTTOM
    ticks = "".join(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h * (1 - v / top):.1f}" '
        f'y2="{TOP + plot_h * (1 - v / top):.1f}" stroke="#d9d6ea"/>'
        f'<text x="{LEFT - 6}" y="{TOP + plot_h * (1 - v / top) + 4:.1f}" text-anchor="end" '
        f'font-size="13" fill="#44415a">{_fmt(v)}</text>'
        for v in _tick_values(chart)
    )
    width = (WIDTH - LEFT - RIGHT) / max(1, len(chart.labels))
    step = _label_step(chart.labels, width)
    labels = "".join(
        f'<text x="{LEFT + width * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" '
        f'text-anchor="middle" font-size="13" fill="#44415a">{escape(label)}</text>'
        for i, label in enumerate(chart.labels)
        if i % step == 0
    )
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart" '
        f'aria-labelledby="{chart.key}-t {chart.key}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart.key}-t">{escape(str(chart.title))}</title>'
        f'<desc id="{chart.key}-d">{escape(str(chart.description))}</desc>{ticks}{body}{labels}'
        f'<text x="12" y="{TOP + plot_h / 2:.0f}" font-size="13" fill="#44415a" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.0f})" text-anchor="middle">'
        f"{escape(chart.y_label)}</text></svg>"
    )


def _bars(chart: Chart) -> str:
    top, plot_h = _scale(chart), HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(chart.labels))
    count = max(1, len(chart.series))
    bar = slot * 0.8 / count
    shapes = []
    for s, (name, values) in enumerate(chart.series.items()):
        for i, value in enumerate(values):
            if not value:
                continue
            h = plot_h * value / top
            x = LEFT + slot * i + slot * 0.1 + bar * s
            shapes.append(
                f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[s % len(COLOURS)]}">'
                f"<title>{escape(name)}, {escape(chart.labels[i])}: {_fmt(value)}</title></rect>"
            )
    return _frame(chart, "".join(shapes))


def _lines(chart: Chart) -> str:
    top, plot_h = _scale(chart), HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(chart.labels))
    shapes = []
    for s, (name, values) in enumerate(chart.series.items()):
        points = [
            f"{LEFT + slot * (i + 0.5):.1f},{TOP + plot_h * (1 - v / top):.1f}"
            for i, v in enumerate(values)
            if v is not None
        ]
        colour = COLOURS[s % len(COLOURS)]
        if points:
            shapes.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"><title>{escape(name)}</title></polyline>'
            )
            shapes.extend(
                f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="3" fill="{colour}"/>'
                for p in points
            )
    return _frame(chart, "".join(shapes))
