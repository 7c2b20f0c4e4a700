"""Signing in with the e-mail and password (Django's ModelBackend), with the
signed-in person read from the shared cache on each request rather than
from the database (kindred.accounts.kept)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import DEFAULT_DB_ALIAS

from kindred.accounts import kept
from kindred.accounts.models import User, normalise_email

# Every column of the account, kept as read; the key names them, so a
# release that changes them never reads what its predecessor kept.
COLUMNS = tuple(field.attname for field in User._meta.concrete_fields)
KEY = "kept:user:" + hashlib.sha256(" ".join(COLUMNS).encode()).hexdigest()[:12] + ":{}"


class KeptModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        row, stamp = kept.kept(KEY.format(pk), pk, lambda: (_row(pk), True))
        if row is None:
            return None
        user = User.from_db(DEFAULT_DB_ALIAS, list(COLUMNS), [row[c] for c in COLUMNS])
        user.kept_stamp = stamp  # what else is kept of them is checked against it
        return user if self.user_can_authenticate(user) else None


def _row(pk: int) -> dict[str, Any] | None:
    return User.objects.filter(pk=pk).values(*COLUMNS).first()


def attempted_email(request: Any, credentials: dict[str, Any] | None) -> str:
    """The address a sign-in attempt names, as django-axes counts failures:
    the same canonical form sign-in uses, so `A@x` and `a@x` share a count."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(str(raw))
