from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kindred.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """The bell's count on every signed-in page: read when the layout shows
    it, once per request (panels drawn with the request do not read it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def once() -> int:
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = unread_count(user)  # type: ignore[attr-defined]
        return request._unread_notifications  # type: ignore[attr-defined]

    return {"unread_notifications": SimpleLazyObject(once)}
