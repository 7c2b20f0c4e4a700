"""The subscription address of a person's meetings: made (or replaced, the
old address then stops at once) and revoked by its owner only."""

from __future__ import annotations

import secrets

from django.db import transaction

from kindred.accounts.models import User
from kindred.lib import logs
from kindred.lib.sealing import seal
from kindred.meetings.models import CalendarFeed


@logs.logged
@transaction.atomic
def calendar_feed_make(*, actor: User) -> tuple[CalendarFeed, str]:
    """A new private address for `actor`'s meetings; any earlier one stops."""
    token = secrets.token_urlsafe(32)
    feed, _ = CalendarFeed.objects.update_or_create(
        person=actor,
        defaults={"token_hash": CalendarFeed.digest(token), "token_sealed": seal(token),
                  "last_read_at": None},
    )  # fmt: skip
    return feed, token


@logs.logged
@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> None:
    """Stop the address: calendars subscribed to it get nothing more."""
    CalendarFeed.objects.filter(person=actor).delete()
