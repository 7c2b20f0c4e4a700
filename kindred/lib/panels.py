"""Pages built from panels that each app declares for itself.

A composite page (the relationship workspace, the home, the programme page)
shows what many apps hold. It does not import them: each app declares, in
its own `panels.py`, the panels it contributes to a page (a template partial,
the selector that fills it, who may see it, and where it stands), and the
page draws whatever is registered under its name. Django imports every app's
`panels` module when it starts (kindred.pages.apps), so the page knows panel
names, never another app's internals.

Every panel is also served alone, as an HTMX fragment at its own address
(kindred.pages.urls), so a part of a page can be redrawn without the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kindred.lib.errors import NotFound

T = TypeVar("T")


@dataclass
class View:
    """One viewer looking at one subject (a relationship, a programme, their
    own home) at one moment: what every panel of the page is given.

    `facts` holds what the page worked out once for all its panels (is the
    viewer in the pair, who is the partner); `once` lets two panels that
    read the same thing (the pair's meetings) read it once per page."""

    viewer: Any
    subject: Any
    now: dt.datetime
    facts: dict[str, Any] = field(default_factory=dict)
    _memo: dict[tuple[object, ...], Any] = field(default_factory=dict)

    def once(self, read: Callable[..., T], *args: Any) -> T:
        key = (read, *args)
        if key not in self._memo:
            self._memo[key] = read(*args)
        return self._memo[key]

    def __getitem__(self, name: str) -> Any:
        return self.facts[name]


def everyone(view: View) -> bool:
    return True


Context = Callable[[View], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    page: str
    name: str  # unique on its page; also the fragment's address and element id
    template: str
    context: Context  # the panel's selector; None hides it on this view
    order: int  # where it stands on the page, smallest first
    visible: Callable[[View], bool] = everyone  # who may see it

    @property
    def element_id(self) -> str:
        return f"panel-{self.name}"


_pages: dict[str, dict[str, Panel]] = {}


def panel(
    page: str,
    name: str,
    *,
    template: str,
    order: int,
    visible: Callable[[View], bool] = everyone,
) -> Callable[[Context], Context]:
    """Declare the decorated selector as the context of a panel of `page`."""

    def register(context: Context) -> Context:
        on_page = _pages.setdefault(page, {})
        if name in on_page and on_page[name].context is not context:
            raise ValueError(f"Two panels named {name!r} on the page {page!r}.")
        on_page[name] = Panel(page, name, template, context, order, visible)
        return context

    return register


def panels_of(page: str) -> list[Panel]:
    return sorted(_pages.get(page, {}).values(), key=lambda p: (p.order, p.name))


def find(page: str, name: str) -> Panel:
    found = _pages.get(page, {}).get(name)
    if found is None:
        raise NotFound(_("No such panel."))
    return found


@dataclass(frozen=True)
class Drawn:
    panel: Panel
    html: SafeString


def draw(panel: Panel, view: View, request: HttpRequest, base: dict[str, Any]) -> Drawn | None:
    """The panel's HTML for this view, or None when the viewer may not see
    it or it has nothing to show."""
    if not panel.visible(view):
        return None
    context = panel.context(view)
    if context is None:
        return None
    html = render_to_string(panel.template, {**base, **context, "panel": panel}, request=request)
    return Drawn(panel, mark_safe(html))


def draw_page(page: str, view: View, request: HttpRequest, base: dict[str, Any]) -> list[Drawn]:
    drawn = (draw(p, view, request, base) for p in panels_of(page))
    return [d for d in drawn if d is not None]


# --- next steps: one list, most urgent first, from every app -------------------

NOW, SOON, LATER = 0, 1, 2  # do it today; this week; when you can (or what happens next)


@dataclass(frozen=True)
class Step:
    """One thing the viewer should do (or know is coming), with where to do it."""

    urgency: int
    title: str
    link: str
    detail: str = ""
    links: tuple[tuple[str, str], ...] = ()  # further (label, address) pairs
    about: str = ""  # the programme it belongs to, on a manager's list


StepSource = Callable[[View], list[Step]]
_step_sources: dict[str, list[StepSource]] = {}


def steps_from(page: str) -> Callable[[StepSource], StepSource]:
    """Declare the decorated function as a source of next steps on `page`."""

    def register(source: StepSource) -> StepSource:
        found = _step_sources.setdefault(page, [])
        if source not in found:
            found.append(source)
        return source

    return register


def steps_of(page: str, view: View) -> list[Step]:
    """Every source's steps for this view, most urgent first (a stable sort:
    within one urgency, in the order the apps declared them)."""
    found = [step for source in _step_sources.get(page, []) for step in source(view)]
    return sorted(found, key=lambda step: step.urgency)
