"""Where a booked conversation meets on video."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kindred.meetings.video import jitsi_link
from kindred.officehours.models import Booking
from kindred.programs.models import Programme


def join_link(booking: Booking, *, now: dt.datetime | None = None) -> str:
    """The programme's Jitsi room for this conversation, the link the host
    gave with their hours, or the host's personal room."""
    if booking.status in (Booking.Status.CANCELLED, Booking.Status.NO_SHOW):
        return ""
    programme = booking.programme
    if programme.video == Programme.Video.JITSI:
        room = f"kindred-hours-{booking.uid.split('@')[0]}"
        return jitsi_link(programme, room, now or timezone.now())
    return booking.hours.video_link or booking.host.personal_room_url
