"""Where a pair meets on video, by its programme's choice: the link the
pair agreed on, the pair's own Jitsi room (made the first time it is
needed; a token signed for that room alone where the Jitsi server asks for
one), or the mentor's personal room (the mentee's if the mentor has none).
An ended relationship has no link: its room is revoked."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from kindred.lib.sealing import CannotUnseal, unseal
from kindred.lib.video import jitsi_room_url
from kindred.meetings.models import VideoRoom
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import agreement_in_force

TOKEN_LASTS = dt.timedelta(days=180)  # from the start of the month it is made in
JOIN_EARLY = dt.timedelta(minutes=10)


def join_link(relationship: Relationship, *, now: dt.datetime | None = None) -> str:
    if relationship.status not in Relationship.OPEN:
        return ""
    programme = relationship.programme
    if programme.video == Programme.Video.JITSI:
        return _jitsi(relationship, programme, now or timezone.now())
    if programme.video == Programme.Video.PERSONAL:
        for person in (relationship.mentor, relationship.mentee):
            if person.personal_room_url:
                return person.personal_room_url
    agreement = agreement_in_force(relationship)
    return agreement.video_link if agreement else ""


def can_join(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> bool:
    """From ten minutes before a meeting until it ends."""
    return start - JOIN_EARLY <= now < end


def _jitsi(relationship: Relationship, programme: Programme, now: dt.datetime) -> str:
    room, _ = VideoRoom.objects.get_or_create(
        relationship=relationship, defaults={"room": f"kindred-{secrets.token_urlsafe(18)}"}
    )
    if room.revoked_at is not None:
        return ""
    return jitsi_link(programme, room.room, now)


def jitsi_link(programme: Programme, room: str, now: dt.datetime) -> str:
    """The programme's Jitsi link to a room (a pair's or a circle's),
    with a token where its server asks for one."""
    try:
        secret = unseal(programme.jitsi_secret_sealed)
    except CannotUnseal:
        secret = ""  # the deployment's key changed: the manager enters it again
    # The token's expiry runs from the start of the month, so the link is
    # the same all month: a feed's kept events and the calendars Kindred
    # writes into see an unchanged meeting as unchanged (a token expiring
    # to the second would rewrite every event on every sweep).
    month = now.astimezone(dt.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return jitsi_room_url(
        programme.jitsi_base_url or "https://meet.jit.si",
        room,
        app_id=programme.jitsi_app_id,
        secret=secret,
        expires=month + TOKEN_LASTS,
    )


def revoke_room(relationship: Relationship) -> None:
    VideoRoom.objects.filter(relationship=relationship, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
