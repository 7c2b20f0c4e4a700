"""What office hours contribute to the home (kindred.pages): the person's
next conversations, as host or guest, and a check-in waiting for them."""

from __future__ import annotations

import zoneinfo
from typing import Any

from kindred.lib.panels import View, panel
from kindred.officehours import selectors

SHOWN = 3


@panel("home", "office-hours", template="officehours/panels/home.html", order=27)
def office_hours(view: View) -> dict[str, Any] | None:
    person, now = view.viewer, view.now
    upcoming, to_check_in = selectors.on_the_home(person, now)
    if not upcoming and not to_check_in:
        return None
    zone = zoneinfo.ZoneInfo(person.timezone)
    return {
        "upcoming": [(b, b.start.astimezone(zone)) for b in upcoming[:SHOWN]],
        "to_check_in": to_check_in,
    }
