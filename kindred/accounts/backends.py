"""Signing in with the e-mail and password (Django's ModelBackend), with the
signed-in person read from the shared cache on each request rather than
from the database (kindred.lib.cache)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import DEFAULT_DB_ALIAS

from kindred.accounts.models import User, normalise_email
from kindred.lib import cache

# Every column of the account, cached as read; the key names them, so a
# release that changes them never reads what its predecessor cached.
COLUMNS = tuple(field.attname for field in User._meta.concrete_fields)
KEY = "cache:user:" + hashlib.sha256(" ".join(COLUMNS).encode()).hexdigest()[:12] + ":{}"


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        row, version = cache.cached(KEY.format(pk), pk, lambda: (_row(pk), True))
        if row is None:
            return None
        user = User.from_db(DEFAULT_DB_ALIAS, list(COLUMNS), [row[c] for c in COLUMNS])
        user.cache_version = version  # what else is cached for them is checked against it
        return user if self.user_can_authenticate(user) else None


def _row(pk: int) -> dict[str, Any] | None:
    return User.objects.filter(pk=pk).values(*COLUMNS).first()


def attempted_email(request: Any, credentials: dict[str, Any] | None) -> str:
    """The address a sign-in attempt names, as django-axes counts failures:
    the same canonical form sign-in uses, so `A@x` and `a@x` share a count."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(str(raw))
