"""When a pair can meet: each time checked against both people's
boundaries, and the times suggested to them, ranked. Reads only."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Collection
from dataclasses import replace

from django.db.models import Q

from kindred.accounts.models import User
from kindred.calendars.selectors import busy_of as calendar_busy
from kindred.engines.scheduling import Calendar, Slot, SlotRequest, find_slots
from kindred.engines.scheduling.slots import availability, boundaries, discomfort
from kindred.lib.phrases import Phrase, kept, phrase
from kindred.meetings.engagements import engaged
from kindred.meetings.models import Meeting
from kindred.profiles.boundary_words import QUIET_HOURS
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import agreement_in_force, calendar_in

# A mentoring relationship plans a year or two ahead, no further.
HORIZON = dt.timedelta(days=731)

PairCalendars = tuple[tuple[User, Calendar], ...]


def pair_calendars(relationship: Relationship, around: dt.datetime) -> PairCalendars:
    """Both people with their calendars for this relationship (the signed
    agreement's off-limits hours, else their profiles'), from `around` on."""
    return tuple(
        (person, calendar_in(relationship, person, around=around))
        for person in (relationship.mentor, relationship.mentee)
    )


def check_time(
    relationship: Relationship,
    start: dt.datetime,
    end: dt.datetime,
    calendars: PairCalendars | None = None,
) -> tuple[list[Phrase], list[Phrase]]:
    """(refusals, warnings) for a time, from both people's boundaries; a
    time their own calendars show busy is a warning that says only that."""
    return check_people(calendars or pair_calendars(relationship, start), start, end)


def check_people(
    pair: PairCalendars, start: dt.datetime, end: dt.datetime
) -> tuple[list[Phrase], list[Phrase]]:
    """(refusals, warnings) for a time, from each person's boundaries (two
    of a pair, or everyone in a circle). Phrases: a meeting keeps its
    warnings, and each person reads them in their own language."""
    refusals: list[Phrase] = []
    warnings: list[Phrase] = []
    elsewhere = calendar_busy([person.pk for person, _ in pair], start, end)
    warnings += [phrase("%(name)s's calendar shows this time busy", name=person.display_name)
                 for person, _ in pair if elsewhere.get(person.pk)]  # fmt: skip
    for person, calendar in pair:
        hard, soft = boundaries(calendar, start - dt.timedelta(days=1), end + dt.timedelta(days=1))
        name = person.display_name
        refusals += [
            phrase("%(label)s for %(name)s", label=_label(label), name=name)
            for (a, b), label in hard
            if a < end and b > start
        ]
        warnings += [
            phrase("%(label)s for %(name)s (flexible)", label=_label(label), name=name)
            for (a, b), label in soft
            if a < end and b > start
        ]
        if _away(calendar, start, end):
            refusals.append(phrase("%(name)s is away that day", name=name))
            continue
        if outside_hours(calendar, start, end):
            warnings.append(phrase("outside %(name)s's working hours", name=name))
    return _distinct(refusals), _distinct(warnings)


def _label(label: str) -> Phrase | str:
    # The one label the scheduling engine gives; every other is the person's own.
    return Phrase(QUIET_HOURS) if label == QUIET_HOURS else label


def _distinct(found: list[Phrase]) -> list[Phrase]:
    """Each once, in the order their English sorts."""
    return sorted({kept(p): p for p in found}.values(), key=str)


def outside_hours(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether any of the time is outside the person's working windows."""
    inside = availability(calendar, start, end)
    return sum(((b - a) for a, b in inside), dt.timedelta(0)) < end - start


def _away(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether the time touches a local date the person marked as away."""
    away = {o.date for o in calendar.overrides if not o.windows}
    zone = zoneinfo.ZoneInfo(calendar.zone)
    first = start.astimezone(zone).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(zone).date()
    return any(first + dt.timedelta(days=n) in away for n in range((last - first).days + 1))


def fresh(relationship: Relationship) -> Relationship:
    """The relationship with both people's current profiles: boundaries
    checked against what is stored now, not what a caller loaded earlier."""
    return Relationship.objects.select_related(
        "mentor__profile", "mentee__profile", "programme"
    ).get(pk=relationship.pk)


def suggestions(
    relationship: Relationship, *, now: dt.datetime, limit: int = 6, reload: bool = True
) -> list[Slot]:
    """Times that fit both people, ranked; the signed agreement sets the length.
    `reload=False` is for a caller that read the relationship with both
    people's profiles in this same request."""
    if reload:
        relationship = fresh(relationship)
    agreement = agreement_in_force(relationship)
    minutes = agreement.session_minutes if agreement else 45
    horizon = dt.timedelta(weeks=3)
    busy = _busy(relationship, now)
    elsewhere = calendar_busy((relationship.mentor_id, relationship.mentee_id), now, now + horizon)
    usual, awkward = _habits(relationship)
    mentor, mentee = (
        replace(
            calendar_in(relationship, person, busy=busy[person.pk], around=now),
            calendar_busy=tuple(elsewhere.get(person.pk, ())),
        )
        for person in (relationship.mentor, relationship.mentee)
    )
    ranked = find_slots(
        mentor,
        mentee,
        SlotRequest(
            now=now,
            duration_minutes=minutes,
            horizon=horizon,
            limit=500,
            usual=usual,
            last_inconvenienced=awkward,
        ),
    )
    return best_per_day(ranked, relationship.mentee.timezone, limit)


def _busy(
    relationship: Relationship, now: dt.datetime
) -> dict[int, tuple[tuple[dt.datetime, dt.datetime], ...]]:
    """Each of the pair's open meetings to come, in any of their relationships
    (a mentor meets other mentees too), read in one query, and what they
    have outside their pairs (a circle's meetings)."""
    pair = (relationship.mentor_id, relationship.mentee_id)
    busy = open_meetings_of(pair, now, now + HORIZON)
    for person, times in engaged(pair, now, now + HORIZON).items():
        busy[person].extend(times)
    return {person: tuple(times) for person, times in busy.items()}


def open_meetings_of(
    people: Collection[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """Each person's open pair meetings overlapping the range, in any of
    their relationships, read in one query."""
    wanted = set(people)
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {pk: [] for pk in wanted}
    for begins, ends, *pair in Meeting.objects.filter(
        Q(relationship__mentor__in=wanted) | Q(relationship__mentee__in=wanted),
        status__in=Meeting.OPEN,
        start__lt=end,
        end__gt=start,
    ).values_list("start", "end", "relationship__mentor_id", "relationship__mentee_id"):
        for person in wanted.intersection(pair):
            busy[person].append((begins, ends))
    return busy


def _habits(relationship: Relationship) -> tuple[tuple[int, str] | None, int | None]:
    """The pair's usual time (weekday and clock in the mentor's zone, from
    their last kept meeting) and who had the less convenient hour then
    (0 = mentor, 1 = mentee), so suggestions keep the habit and rotate."""
    last = (
        Meeting.objects.filter(
            relationship=relationship, status__in=(Meeting.Status.CONFIRMED, Meeting.Status.HELD)
        )
        .order_by("-start")
        .first()
    )
    if last is None:
        return None, None
    mentor_local = last.start.astimezone(zoneinfo.ZoneInfo(relationship.mentor.timezone))
    mentee_local = last.start.astimezone(zoneinfo.ZoneInfo(relationship.mentee.timezone))
    usual = (mentor_local.weekday(), mentor_local.strftime("%H:%M"))
    minutes = int((last.end - last.start).total_seconds() // 60)
    mentor_cost, mentee_cost = discomfort(mentor_local, minutes), discomfort(mentee_local, minutes)
    if mentor_cost == mentee_cost:
        return usual, None
    return usual, 0 if mentor_cost > mentee_cost else 1


def best_per_day(ranked: list[Slot], zone: str, limit: int) -> list[Slot]:
    """The best slot of each day (in the mentee's calendar), so the choice
    spans the week instead of six quarter-hours of one morning."""
    tz, seen, chosen = zoneinfo.ZoneInfo(zone), set(), []
    for slot in ranked:
        day = slot.start.astimezone(tz).date()
        if day not in seen:
            seen.add(day)
            chosen.append(slot)
        if len(chosen) == limit:
            break
    return sorted(chosen, key=lambda s: s.start)
