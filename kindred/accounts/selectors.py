from __future__ import annotations

from django.db.models import QuerySet

from kindred.accounts.models import ApiToken, User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return user.api_tokens.order_by("revoked_at", "-created_at")
