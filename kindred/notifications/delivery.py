"""The outbox's delivery arithmetic: how long a worker's claim lasts, how
long to wait before another attempt, the Message-ID every attempt at one
e-mail shares, and how a row records the people it names."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings

if TYPE_CHECKING:
    from kindred.notifications.models import Notification


def mentions(people: tuple[int, ...]) -> str:
    """The people a row names, as ",3,17," (found with a portable substring
    match when one of them is erased)."""
    return f",{','.join(map(str, sorted(set(people))))}," if people else ""


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS)


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=settings.NOTIFICATION_RETRY_SECONDS * 2**attempts)


def message_id(items: list[Notification]) -> str:
    """The same for every attempt at the same e-mail, so a repeat after an
    interrupted send is recognisably the same message."""
    ids = ",".join(str(n.pk) for n in sorted(items, key=lambda n: n.pk))
    digest = hashlib.sha256(ids.encode()).hexdigest()[:16]
    domain = urlsplit(settings.KINDRED_BASE_URL).hostname or "kindred.invalid"
    return f"<notification-{items[0].pk}-{digest}@{domain}>"
