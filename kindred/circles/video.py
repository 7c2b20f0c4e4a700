"""Where a circle meets on video, by its programme's choice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kindred.circles.models import Circle
from kindred.circles.selectors import agreement_in_force, people_of
from kindred.meetings.video import jitsi_link
from kindred.programs.models import Programme


def join_link(circle: Circle, *, now: dt.datetime | None = None) -> str:
    """Where the circle meets on video, by its programme's choice: the
    circle's own Jitsi room, a facilitator's personal room, or the link its
    agreement names. An ended circle has none."""
    if not circle.is_active:
        return ""
    programme = circle.programme
    if programme.video == Programme.Video.JITSI:
        return jitsi_link(programme, circle.room, now or timezone.now())
    if programme.video == Programme.Video.PERSONAL:
        for person in people_of(circle):  # facilitators come first
            if person.personal_room_url:
                return person.personal_room_url
    agreement = agreement_in_force(circle)
    return agreement.video_link if agreement else ""
