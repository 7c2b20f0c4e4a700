"""Writes for meetings, by sub-domain: one meeting (`booking`), a series
(`series`) and the nudges that keep a pair meeting (`nudges`). Reads are
in `times`, `recurrence` and `selectors`; calendar files in `invitations`."""

from kindred.meetings.services.booking import (
    cancel_for_departure,
    cancel_future_of,
    meeting_cancel,
    meeting_confirm,
    meeting_propose,
    meeting_record,
    meeting_reschedule,
)
from kindred.meetings.services.feed import calendar_feed_make, calendar_feed_revoke
from kindred.meetings.services.nudges import send_nudges
from kindred.meetings.services.series import series_create

__all__ = [
    "calendar_feed_make",
    "calendar_feed_revoke",
    "cancel_for_departure",
    "cancel_future_of",
    "meeting_cancel",
    "meeting_confirm",
    "meeting_propose",
    "meeting_record",
    "meeting_reschedule",
    "send_nudges",
    "series_create",
]
