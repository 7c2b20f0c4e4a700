"""Limits on how fast one person or address may do something, for the
actions an attacker or a runaway script would repeat: asking for password
resets, creating API tokens, sending messages.

Counts live in Django's cache, in windows that open with a person's first
attempt: a window fixed to the clock would let a burst straddling its edge
through twice. With the default local memory cache each server process
counts on its own; a deployment with several processes sets CACHE_URL to a
shared Redis so the limit is the limit (see the README)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop

from kindred.lib.errors import TooMany


@dataclass(frozen=True)
class Rate:
    scope: str
    limit: int
    seconds: int
    message: str  # marked with gettext_noop, translated when refused


PASSWORD_RESET = Rate(
    "password-reset",
    5,
    60 * 60,
    gettext_noop("Too many reset requests; wait an hour and try again."),
)
TOKEN_CREATE = Rate(
    "token-create",
    10,
    60 * 60,
    gettext_noop("You have created many tokens this hour; wait and try again."),
)
INVITATION_SIGN_UP = Rate(
    "invitation-sign-up",
    5,
    60 * 60,
    gettext_noop("Too many sign-up requests; wait an hour and try again."),
)
MESSAGE_SEND = Rate(
    "message-send",
    30,
    60,
    gettext_noop("You are sending messages very fast; wait a minute and try again."),
)


def identity(value: object) -> str:
    """A cache key part that does not keep an e-mail address or IP in clear."""
    return hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind a reverse proxy every request comes from
    the proxy, so limits and lock-outs would key on it and one attacker would
    lock out everyone: when the connection comes from a proxy named in
    TRUSTED_PROXIES, the address is the last one in X-Forwarded-For that is
    not itself a trusted proxy (earlier entries are the client's to forge)."""
    peer = str(request.META.get("REMOTE_ADDR", ""))
    trusted = settings.TRUSTED_PROXIES
    if peer not in trusted:
        return peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return peer


def hit(rate: Rate, *who: object) -> None:
    """Count one attempt for each of `who` (a person, an address, an e-mail)
    and refuse it once any of them is over the limit in this window."""
    for value in who:
        key = f"rate:{rate.scope}:{identity(value)}"
        cache.add(key, 0, timeout=rate.seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=rate.seconds)
            count = 1
        if count > rate.limit:
            raise TooMany(gettext(rate.message))
