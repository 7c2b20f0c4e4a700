"""Reads for office hours: whose hours a person may book, the open slots
of a window (inside the host's boundaries, time off and other meetings),
a booking for the two people in it, and the host's reliability."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.calendars.selectors import busy_of as calendar_busy
from kindred.engines.scheduling.slots import boundaries, local_to_utc, minutes
from kindred.lib.errors import NotFound
from kindred.lib.privacy import enough_people
from kindred.meetings.engagements import engaged
from kindred.meetings.selectors import Reliability
from kindred.meetings.times import open_meetings_of
from kindred.officehours.models import Booking, OfficeHours
from kindred.profiles.selectors import calendar_of
from kindred.programs.models import Membership, Programme

Interval = tuple[dt.datetime, dt.datetime]
WEEKS_AHEAD = 4
MIN_NOTICE = dt.timedelta(hours=2)
NAME = "office hours"  # as the engagements registry knows this app


@dataclass(frozen=True)
class OpenSlot:
    start: dt.datetime  # UTC
    end: dt.datetime
    places: int  # still free


def programmes_of(person: User) -> QuerySet[Membership, int]:
    """The person's programmes that offer office hours."""
    return Membership.objects.filter(user=person, programme__offers_office_hours=True).values_list(
        "programme_id", flat=True
    )


def bookable_for(person: User) -> list[OfficeHours]:
    """Open office hours in the person's programmes, not their own."""
    return list(
        OfficeHours.objects.filter(ended_at__isnull=True, programmes__in=programmes_of(person))
        .exclude(host=person)
        .select_related("host__profile")
        .prefetch_related("programmes")
        .distinct()
        .order_by("host__full_name", "weekday", "start")
    )


def hours_for_guest(person: User, hours_id: int) -> OfficeHours:
    hours = next((h for h in bookable_for(person) if h.pk == hours_id), None)
    if hours is None:
        raise NotFound(_("No such office hours."))
    return hours


def hours_of(host: User) -> list[OfficeHours]:
    return list(
        OfficeHours.objects.filter(host=host, ended_at__isnull=True).prefetch_related("programmes")
    )


def shared_programme(hours: OfficeHours, guest: User) -> int | None:
    """The programme a guest books through: the first of the hours' that
    they are in."""
    mine = set(programmes_of(guest))
    return next((p.pk for p in hours.programmes.all() if p.pk in mine), None)


# --- open slots ---------------------------------------------------------------------


def occurrences(hours: OfficeHours, since: dt.datetime, until: dt.datetime) -> list[Interval]:
    """Each slot of the weekly window between since and until, at the
    host's wall-clock times (a daylight-saving change keeps them local)."""
    zone = zoneinfo.ZoneInfo(hours.host.timezone)
    first = since.astimezone(zone).date()
    found = []
    for n in range((until - since).days + 2):
        day = first + dt.timedelta(days=n)
        if day.weekday() != hours.weekday:
            continue
        begin, close = minutes(hours.start), minutes(hours.end)
        at = begin
        while at + hours.slot_minutes <= close:
            start = local_to_utc(day, at, zone)
            found.append((start, start + dt.timedelta(minutes=hours.slot_minutes)))
            at += hours.slot_minutes
    return [(a, b) for a, b in found if since <= a < until]


def open_slots(hours: OfficeHours, *, now: dt.datetime, weeks: int = WEEKS_AHEAD) -> list[OpenSlot]:
    """The window's slots in the coming weeks with a place left, outside the
    host's hard boundaries, days away, other meetings and busy calendar."""
    since, until = now + MIN_NOTICE, now + dt.timedelta(weeks=weeks)
    slots = occurrences(hours, since, until)
    if not slots:
        return []
    taken = dict(
        hours.bookings.filter(status=Booking.Status.BOOKED, start__gte=since)
        .values_list("start")
        .annotate(n=Count("pk"))
        .values_list("start", "n")
    )
    busy = host_busy(hours.host, since, until)
    calendar = calendar_of(hours.host, around=since)
    hard, _ = boundaries(calendar, since - dt.timedelta(days=1), until + dt.timedelta(days=1))
    away = {o.date for o in calendar.overrides if not o.windows}
    zone = zoneinfo.ZoneInfo(hours.host.timezone)
    return [
        OpenSlot(start, end, hours.capacity - taken.get(start, 0))
        for start, end in slots
        if taken.get(start, 0) < hours.capacity
        and start.astimezone(zone).date() not in away
        and not _overlaps((start, end), [interval for interval, _ in hard])
        and not _overlaps((start, end), busy)
    ]


def host_busy(host: User, since: dt.datetime, until: dt.datetime) -> list[Interval]:
    """The host's pair and circle meetings and own calendars' busy time
    (their office-hours bookings fill places; they do not block)."""
    ids = [host.pk]
    return (
        open_meetings_of(ids, since, until).get(host.pk, [])
        + engaged(ids, since, until, leave_out=NAME).get(host.pk, [])
        + list(calendar_busy(ids, since, until).get(host.pk, ()))
    )


def _overlaps(slot: Interval, intervals: list[Interval]) -> bool:
    start, end = slot
    return any(a < end and b > start for a, b in intervals)


def is_open(hours: OfficeHours, start: dt.datetime, *, now: dt.datetime) -> OpenSlot | None:
    weeks = max(WEEKS_AHEAD, (start - now).days // 7 + 1)
    return next((s for s in open_slots(hours, now=now, weeks=weeks) if s.start == start), None)


# --- bookings ------------------------------------------------------------------------


def booking_for(person: User, booking_id: int) -> Booking:
    """A booking, for its host and its guest only."""
    booking = (
        Booking.objects.select_related("host", "guest", "hours", "programme", "relationship")
        .filter(Q(host=person) | Q(guest=person), pk=booking_id)
        .first()
    )
    if booking is None:
        raise NotFound(_("No such booking."))
    return booking


def bookings_of(person: User) -> list[Booking]:
    return list(
        Booking.objects.filter(Q(host=person) | Q(guest=person))
        .select_related("host", "guest", "programme")
        .order_by("-start")[:50]
    )


def on_the_home(person: User, now: dt.datetime) -> tuple[list[Booking], list[Booking]]:
    """(conversations to come, as host or guest; held ones the person, as
    guest, has not checked in on), in one query."""
    upcoming: list[Booking] = []
    to_check_in: list[Booking] = []
    for booking in (
        Booking.objects.filter(
            Q(host=person, status=Booking.Status.BOOKED, end__gt=now)
            | Q(guest=person, status=Booking.Status.BOOKED, end__gt=now)
            | Q(guest=person, status=Booking.Status.HELD, checked_in_at__isnull=True)
        )
        .select_related("host", "guest")
        .order_by("start")
    ):
        (upcoming if booking.is_booked else to_check_in).append(booking)
    return upcoming, to_check_in


def engagements(
    people: Collection[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[Interval]]:
    """Each person's booked conversations, as host or guest, overlapping
    the range (kindred.meetings.engagements)."""
    wanted = set(people)
    found: dict[int, list[Interval]] = {}
    for begins, ends, host, guest in Booking.objects.filter(
        Q(host__in=wanted) | Q(guest__in=wanted),
        status=Booking.Status.BOOKED,
        start__lt=end,
        end__gt=start,
    ).values_list("start", "end", "host_id", "guest_id"):
        for person in wanted.intersection((host, guest)):
            found.setdefault(person, []).append((begins, ends))
    return found


def host_reliability(host: User) -> Reliability:
    """The host's office hours in the figures a mentor's practice shows:
    conversations due, those they missed, and their late cancellations."""
    figures = Reliability()
    for status, absent, cancelled_by, late in Booking.objects.filter(host=host).values_list(
        "status", "absent_id", "cancelled_by_id", "late_cancellation"
    ):
        if status == Booking.Status.CANCELLED:
            figures.late_cancellations += bool(late and cancelled_by == host.pk)
            continue
        if status not in (Booking.Status.HELD, Booking.Status.NO_SHOW):
            continue
        figures.due += 1
        if absent == host.pk:
            figures.no_shows += 1
        else:
            figures.attended += 1
            figures.on_time += 1
    return figures


def programme_figures(programme: Programme) -> dict[str, object] | None:
    """Office hours in a programme, for its dashboard: hosts and
    conversations by outcome, and how useful guests found them, pooled
    only over five distinct guests (a check-in is the guest's alone)."""
    bookings = Booking.objects.filter(programme=programme)
    hosts = OfficeHours.objects.filter(programmes=programme, ended_at__isnull=True)
    counts = dict(bookings.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    if not counts and not hosts.exists():
        return None
    useful = bookings.filter(useful__isnull=False).aggregate(
        people=Count("guest", distinct=True), mean=Avg("useful")
    )
    return {
        "hosts": hosts.values("host").distinct().count(),
        "booked": counts.get(Booking.Status.BOOKED, 0),
        "held": counts.get(Booking.Status.HELD, 0),
        "missed": counts.get(Booking.Status.NO_SHOW, 0),
        "cancelled": counts.get(Booking.Status.CANCELLED, 0),
        "useful": round(useful["mean"], 1) if enough_people(useful["people"]) else None,
        "became_relationships": bookings.filter(relationship__isnull=False).count(),
    }
