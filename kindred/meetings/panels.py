"""What meetings contribute to the relationship workspace (kindred.pages):
the pair's meetings in both people's local times, and what to do with them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from kindred.lib.panels import View, panel
from kindred.meetings.forms import ProposeForm
from kindred.meetings.models import Meeting
from kindred.meetings.selectors import meetings_of
from kindred.profiles.selectors import upcoming_time_off

TIME_OFF_SHOWN = dt.timedelta(weeks=8)


@panel("relationship", "meetings", template="meetings/panels/meetings.html", order=80)
def meetings(view: View) -> dict[str, Any]:
    """Meetings with both people's local times (the pair asks for suggested
    times from this card: meetings.views.suggestions)."""
    relationship, user, now = view.subject, view.viewer, view.now
    partner = view["partner"]
    mine, theirs = zoneinfo.ZoneInfo(user.timezone), zoneinfo.ZoneInfo(partner.timezone)

    def row(m: Meeting) -> dict[str, object]:
        return {
            "meeting": m,
            "mine": m.start.astimezone(mine),
            "theirs": m.start.astimezone(theirs),
        }

    def upcoming(m: Meeting) -> bool:
        return m.is_open and m.end > now

    found = view.once(meetings_of, relationship)
    return {
        "upcoming": [row(m) for m in found if upcoming(m)],
        "past": [row(m) for m in found if not upcoming(m)],
        "now": now,
        "propose_form": ProposeForm(),
        "time_off": _time_off(view) if view["in_pair"] else [],
    }


def _time_off(view: View) -> list[tuple[Any, Any]]:
    """Only the pair sees each other's time off, and only what is coming up."""
    relationship, now = view.subject, view.now
    return [
        (person, entry)
        for person in (relationship.mentor, relationship.mentee)
        for entry in upcoming_time_off(person)
        if entry.first_day <= now.date() + TIME_OFF_SHOWN
    ]
