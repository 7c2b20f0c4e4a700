"""When a circle can meet: everyone's working hours, boundaries, meetings
(pairs and circles) and own calendars, through the group slot finder;
and each chosen time checked for everyone. Reads only."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import replace

from kindred.accounts.models import User
from kindred.calendars.selectors import busy_of as calendar_busy
from kindred.circles.models import Circle, CircleAgreement
from kindred.circles.selectors import (
    NAME,
    agreement_in_force,
    awkward_counts,
    engagements,
    off_limits_of,
    people_of,
)
from kindred.engines.scheduling import Calendar, Slot, SlotRequest
from kindred.engines.scheduling.slots import find_group_slots
from kindred.lib.phrases import Phrase
from kindred.meetings.engagements import engaged
from kindred.meetings.times import best_per_day, check_people, open_meetings_of, outside_hours
from kindred.profiles.selectors import calendar_of

DEFAULT_MINUTES = 60  # before an agreement sets the length
HORIZON = dt.timedelta(weeks=4)


def session_minutes(circle: Circle) -> int:
    agreement = agreement_in_force(circle)
    return agreement.session_minutes if agreement else DEFAULT_MINUTES


def calendars(
    circle: Circle, people: list[User], start: dt.datetime, end: dt.datetime,
    *, ignore: int | None = None,
) -> list[Calendar]:  # fmt: skip
    """Each person's calendar for this circle: their windows and time off,
    the off-limits hours they set on its agreement (their profile's until
    then), their other meetings, and their own calendars' busy times.
    `ignore` leaves out one circle meeting (the one being moved)."""
    agreement: CircleAgreement | None = agreement_in_force(circle)
    ids = [p.pk for p in people]
    pairs = open_meetings_of(ids, start, end)
    circles = engagements(ids, start, end, ignore=ignore)
    for person, times in engaged(ids, start, end, leave_out=NAME).items():  # office hours
        circles.setdefault(person, []).extend(times)
    outside = calendar_busy(ids, start, end)
    return [
        replace(
            calendar_of(
                person,
                busy=tuple(pairs.get(person.pk, []) + circles.get(person.pk, [])),
                boundaries=off_limits_of(agreement, person),
                around=start,
            ),
            calendar_busy=tuple(outside.get(person.pk, ())),
        )
        for person in people
    ]


def suggestions(circle: Circle, *, now: dt.datetime, limit: int = 6) -> list[Slot]:
    """Times that suit everyone, best per day; when none does, times within
    a stretch of some people's hours, each naming who is stretched. The
    awkward hour rotates: whoever has had more awkward meetings weighs more."""
    people = people_of(circle)
    if len(people) < 2:
        return []
    ranked = find_group_slots(
        calendars(circle, people, now, now + HORIZON),
        SlotRequest(now=now, duration_minutes=session_minutes(circle), horizon=HORIZON, limit=500),
        inconvenienced=awkward_counts(circle, people),
    )
    return best_per_day(ranked, people[0].timezone, limit)


NEAR_BEFORE, NEAR_AFTER = dt.timedelta(days=2), dt.timedelta(days=3)


def best_near(
    circle: Circle, target: dt.datetime, minutes: int, *, now: dt.datetime
) -> Slot | None:
    """The best time for a meeting of a series, near its usual time: the
    usual time itself unless someone has had the awkward hour more often,
    when a time kinder to them nearby ranks first."""
    people = people_of(circle)
    notice = SlotRequest.min_notice
    opens = max(target - NEAR_BEFORE, now + notice)
    closes = target + NEAR_AFTER
    if closes <= opens:
        return None
    usual = target.astimezone(zoneinfo.ZoneInfo(people[0].timezone))
    ranked = find_group_slots(
        calendars(circle, people, opens, closes),
        SlotRequest(
            now=opens - notice,
            duration_minutes=minutes,
            horizon=closes - (opens - notice),
            usual=(usual.weekday(), usual.strftime("%H:%M")),
            limit=1,
        ),
        inconvenienced=awkward_counts(circle, people),
    )
    return ranked[0] if ranked else None


def check(
    circle: Circle, start: dt.datetime, end: dt.datetime, *, ignore: int | None = None
) -> tuple[list[Phrase], list[Phrase], list[int]]:
    """(refusals, warnings, who is stretched) for a time: a hard boundary or
    a day away refuses it; outside someone's hours stretches them."""
    people = people_of(circle)
    around = start - dt.timedelta(days=1)
    each = calendars(circle, people, around, end + dt.timedelta(days=1), ignore=ignore)
    refusals, warnings = check_people(tuple(zip(people, each, strict=True)), start, end)
    stretched = [
        p.pk for p, cal in zip(people, each, strict=True) if outside_hours(cal, start, end)
    ]
    return refusals, warnings, stretched


def names(people: list[User], slot: Slot) -> list[str]:
    """Who a suggested time stretches, by name."""
    return [people[n].display_name for n in slot.stretched]
