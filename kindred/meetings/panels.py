"""What meetings contribute to the relationship workspace (kindred.pages):
the pair's meetings in both people's local times, and what to do with them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import replace
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindred.lib.panels import NOW, SOON, Step, View, panel, steps_from
from kindred.lib.timezones import short_when
from kindred.meetings import selectors
from kindred.meetings.forms import ProposeForm
from kindred.meetings.models import Meeting
from kindred.meetings.selectors import meetings_of
from kindred.meetings.video import can_join, join_link
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
    confirmed = [m for m in found if upcoming(m) and m.is_confirmed]
    return {
        "upcoming": [row(m) for m in found if upcoming(m)],
        # The join link, for the pair, once a meeting is agreed.
        "join": join_link(relationship, now=now) if confirmed and view["in_pair"] else "",
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


# --- next steps on the home -------------------------------------------------------


@steps_from("home")
def meeting_steps(view: View) -> list[Step]:
    """Meetings the partner proposed and waits to hear about; the next one
    agreed, in both people's local times, with its calendar file."""
    person, found = view.viewer, selectors.open_meetings_of(view.viewer, view.now)
    steps = []
    for m in found:
        if m.is_proposed and m.proposed_by_id != person.pk:
            steps.append(
                _meeting_step(
                    NOW,
                    _("Confirm or move the meeting with %(partner)s: %(when)s your time"),
                    m,
                    person,
                )
            )
    agreed = next((m for m in found if m.is_confirmed), None)
    if agreed is not None:
        step = _meeting_step(
            SOON, _("Your next meeting with %(partner)s: %(when)s your time"), agreed, person
        )
        link = join_link(agreed.relationship, now=view.now)
        if link and can_join(agreed.start, agreed.end, view.now):
            step = replace(step, urgency=NOW, links=((_("Join the meeting"), link), *step.links))
        steps.append(step)
    return steps


def _meeting_step(urgency: int, what: str, m: Meeting, person: Any) -> Step:
    pair = m.relationship
    partner = pair.mentee if pair.mentor_id == person.pk else pair.mentor
    page = reverse("pages:relationship_section", args=[pair.pk, "meetings"])
    return Step(
        urgency,
        what % {"partner": partner.display_name, "when": short_when(m.start, person.timezone)},
        page,
        detail=_("%(when)s for %(partner)s (%(zone)s).")
        % {
            "when": short_when(m.start, partner.timezone),
            "partner": partner.display_name,
            "zone": partner.timezone,
        },
        links=((_("Add to calendar (.ics)"), reverse("meetings:ics", args=[pair.pk, m.pk])),),
    )


@steps_from("home")
def first_meeting_steps(view: View) -> list[Step]:
    """For a manager: pairs running for a week with no meeting held or planned."""
    person = view.viewer
    if not person.runs_programmes:
        return []
    rows = selectors.pairs_without_a_first_meeting(person, view.now)
    return [
        Step(
            SOON,
            ngettext(
                "%(count)s relationship without a first meeting",
                "%(count)s relationships without a first meeting",
                row["n"],
            )
            % {"count": row["n"]},
            reverse("health:at_risk", args=[row["programme__slug"]]),
            detail=_("Started more than a week ago, and nothing held or planned yet."),
            about=row["programme__name"],
        )
        for row in rows
    ]
