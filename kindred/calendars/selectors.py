"""Reads for calendars: a person's connections with how each stands, and
the busy time of some people over a window (what the slot finder needs,
and all that anyone but the owner ever learns: that a time is busy)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, QuerySet
from django.utils import timezone

from kindred.accounts.models import User
from kindred.calendars.models import BusyInterval, CalendarConnection
from kindred.engines.calendar.busy import Interval

STALE_AFTER = dt.timedelta(hours=24)


def connections_of(person: User) -> QuerySet[CalendarConnection]:
    return CalendarConnection.objects.filter(owner=person).annotate(busy_count=Count("busy"))


def is_stale(connection: CalendarConnection, now: dt.datetime | None = None) -> bool:
    """Not read successfully for a day: its busy times may be out of date."""
    now = now or timezone.now()
    return connection.last_success_at is None or now - connection.last_success_at > STALE_AFTER


def busy_of(
    people: Iterable[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[Interval]]:
    """Each person's busy intervals overlapping [start, end), by person."""
    found: dict[int, list[Interval]] = defaultdict(list)
    rows = BusyInterval.objects.filter(
        owner__in=list(people), start__lt=end, end__gt=start
    ).values_list("owner_id", "start", "end")
    for owner, begin, finish in rows.order_by("start"):
        found[owner].append((begin, finish))
    return found
