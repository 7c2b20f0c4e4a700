"""Charts read cleanly: whole-number axes for counts, labels that never overlap."""

from __future__ import annotations

import itertools
import re

from kindred.lib.charts import CHAR_WIDTH, LEFT, RIGHT, WIDTH, Chart


def tick_labels(chart: Chart) -> list[str]:
    return re.findall(r'text-anchor="end" font-size="13" fill="#44415a">([^<]+)<', chart.svg)


def axis_labels(chart: Chart) -> list[tuple[float, str]]:
    found = re.findall(r'<text x="([\d.]+)" y="\d+" text-anchor="middle"[^>]*>([^<]+)<', chart.svg)
    return [(float(x), label) for x, label in found]


def test_a_count_axis_has_whole_numbers_only() -> None:
    for top in (1, 3, 7, 13, 48, 193, 1250):
        chart = Chart("c", "Meetings", "", "Meetings", ["a", "b"], {"Held": [0, float(top)]})
        ticks = tick_labels(chart)
        assert all(t.isdigit() for t in ticks), (top, ticks)
        assert int(ticks[-1]) >= top and len(ticks) <= 5, (top, ticks)


def test_a_share_axis_keeps_its_fractions() -> None:
    chart = Chart("c", "Share", "", "Share", ["a"], {"S": [0.3]}, y_max=1.0)
    assert tick_labels(chart) == ["0", "0.5", "1"]


def test_date_labels_never_overlap() -> None:
    weeks = [f"{day:02d} Dec" for day in range(1, 13)]
    chart = Chart("w", "Weeks", "", "Meetings", weeks, {"Held": [1.0] * 12})
    shown = axis_labels(chart)
    assert 1 < len(shown) < 12
    for (x1, a), (x2, _) in itertools.pairwise(shown):
        assert x2 - x1 >= len(a) * CHAR_WIDTH, shown
    assert (WIDTH - LEFT - RIGHT) > 0
