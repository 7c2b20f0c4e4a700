"""Booking a series of meetings on the agreed cadence."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.development.requirements import require_first_month
from kindred.lib import logs
from kindred.lib.errors import InvalidInput
from kindred.lib.phrases import joined, kept, phrase
from kindred.lib.timezones import after, is_valid_zone
from kindred.meetings.invitations import send_series_invitations
from kindred.meetings.models import MeetingSeries
from kindred.meetings.recurrence import series_starts
from kindred.meetings.rules import check_in_pair, clashes, lock_pair, validate_time
from kindred.meetings.services.booking import new_meeting
from kindred.meetings.times import check_time, fresh, pair_calendars
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import agreement_in_force


@logs.logged
@transaction.atomic
def series_create(
    *,
    actor: User,
    relationship: Relationship,
    first_start: dt.datetime,
    minutes: int,
    count: int,
    zone: str,
    now: dt.datetime | None = None,
) -> MeetingSeries:
    """Book a series on the agreed cadence. Occurrences that clash are kept,
    flagged for a new time, and left out of the calendar rule."""
    check_in_pair(actor, relationship)
    relationship = fresh(relationship)
    now = now or timezone.now()
    require_first_month(
        actor, relationship, now=now, doing=gettext_noop("book a series of meetings")
    )
    if not is_valid_zone(zone) or not 2 <= count <= 26:
        raise InvalidInput(_("A series has 2 to 26 meetings, in a known time zone."))
    agreement = agreement_in_force(relationship)
    cadence = agreement.cadence if agreement else relationship.programme.default_cadence
    validate_time(relationship, first_start, minutes, now)  # the first must fit
    people = lock_pair(relationship)
    calendars = pair_calendars(relationship, first_start)
    local_first = first_start.astimezone(zoneinfo.ZoneInfo(zone))
    series = MeetingSeries.objects.create(
        relationship=relationship,
        cadence=cadence,
        count=count,
        zone=zone,
        first_start=first_start.astimezone(dt.UTC),
        minutes=minutes,
        created_by=actor,
    )
    for n, start in enumerate(series_starts(local_first, cadence, count)):
        end = after(start, minutes)
        refusals, warnings = check_time(relationship, start, end, calendars)
        if start.time() != local_first.time():  # the clocks skip the series' time that day
            warnings.append(
                phrase(
                    "%(time)s does not exist on %(day)s in %(zone)s (the clocks go forward): "
                    "this session is at %(moved)s, as calendars show it",
                    time=f"{local_first:%H:%M}",
                    day=start.date().isoformat(),
                    zone=zone,
                    moved=f"{start:%H:%M}",
                )
            )
        clash = clashes(people, start, end)
        reasons = refusals + ([phrase("another meeting at that time")] if clash else [])
        new_meeting(
            actor, relationship, start, end, zone, now,
            series=series, uid=f"{series.uid}#{n}", soft_warnings=[kept(w) for w in warnings],
            needs_new_time=kept(joined(reasons)) if reasons else "",
        )  # fmt: skip
    send_series_invitations(series, "REQUEST", now)
    return series
