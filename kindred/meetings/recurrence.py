"""A series' calendar rule: where each occurrence falls, and which
occurrences the rule still carries (the others travel as their own events)."""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
import zoneinfo

from kindred.lib.timezones import wall_clock
from kindred.meetings.models import Meeting, MeetingSeries

SERIES_STEP_DAYS = {"weekly": 7, "fortnightly": 14}


def series_starts(first: dt.datetime, cadence: str, count: int) -> list[dt.datetime]:
    """Each occurrence at the same local wall time, in the first start's zone
    (09:00 stays 09:00 across a daylight-saving change). A wall time the
    change skips moves on by the gap, as calendar clients expand the rule."""
    tz = first.tzinfo
    if not isinstance(tz, zoneinfo.ZoneInfo):
        raise ValueError("A series starts at a time in an IANA zone.")
    local = first.replace(tzinfo=None)
    starts = []
    for n in range(count):
        if cadence in SERIES_STEP_DAYS:
            wall = local + dt.timedelta(days=SERIES_STEP_DAYS[cadence] * n)
        else:  # monthly: the same day of the month, or its last day
            month = local.month - 1 + n
            year, month = local.year + month // 12, month % 12 + 1
            day = min(local.day, calendar_module.monthrange(year, month)[1])
            wall = local.replace(year=year, month=month, day=day)
        starts.append(wall_clock(wall, tz))
    return starts


def occurrence_of_rule(meeting: Meeting) -> bool:
    """Whether the series' rule carries this occurrence, whatever its status
    (a cancelled one is cancelled through the series' UID)."""
    return (
        meeting.series_id is not None
        and not meeting.needs_new_time
        and (meeting.reschedule_count == 0)
    )


def in_series_rule(meeting: Meeting) -> bool:
    """Whether this occurrence is still carried by its series' calendar rule."""
    return occurrence_of_rule(meeting) and meeting.status != Meeting.Status.CANCELLED


def original_starts(series: MeetingSeries) -> list[dt.datetime]:
    """Where each occurrence was first placed, in the series' zone."""
    first = series.first_start.astimezone(zoneinfo.ZoneInfo(series.zone))
    return series_starts(first, series.cadence, series.count)


def occurrence_index(meeting: Meeting) -> int:
    return int(meeting.uid.rsplit("#", 1)[1])  # occurrence uids are "<series uid>#<n>"
