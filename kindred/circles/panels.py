"""What circles contribute to the home (kindred.pages): the circles a
person is in, when each meets next, and whether the agreement waits for
their signature."""

from __future__ import annotations

import zoneinfo
from typing import Any

from kindred.circles import selectors
from kindred.circles.models import CircleMeeting
from kindred.lib.panels import View, panel


@panel("home", "circles", template="circles/panels/circles.html", order=25)
def circles(view: View) -> dict[str, Any] | None:
    person, now = view.viewer, view.now
    found = selectors.circles_of(person)
    if not found:
        return None
    zone = zoneinfo.ZoneInfo(person.timezone)
    nexts = selectors.next_meetings([c.pk for c in found], now)
    unsigned = selectors.waiting_for_signature(person, [c.pk for c in found])
    return {
        "rows": [
            {
                "circle": circle,
                "place": selectors.place_of(person, circle),
                "next": _local(nexts.get(circle.pk), zone),
                "to_sign": circle.pk in unsigned,
            }
            for circle in found
        ]
    }


def _local(meeting: CircleMeeting | None, zone: zoneinfo.ZoneInfo) -> Any:
    return meeting.start.astimezone(zone) if meeting else None


def is_circles(view: View) -> bool:
    return bool(view.subject.is_circles)


@panel(
    "programme", "circles", template="circles/panels/programme.html", order=15, visible=is_circles
)
def programme_circles(view: View) -> dict[str, Any]:
    """Managers see how the circles are doing, in figures; a participant,
    the way to their own circle."""
    programme, person = view.subject, view.viewer
    mine = [c for c in selectors.circles_of(person) if c.programme_id == programme.pk]
    manages = bool(view["can_manage"])
    figures = selectors.programme_figures(programme) if manages else None
    return {"mine": mine, "figures": figures, "manages": manages}
