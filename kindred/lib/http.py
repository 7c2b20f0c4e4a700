from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, QueryDict

from kindred.lib.errors import Forbidden

if TYPE_CHECKING:
    from kindred.accounts.models import User


def is_htmx(request: HttpRequest) -> bool:
    """True for requests HTMX made (django-htmx sets request.htmx)."""
    return bool(getattr(request, "htmx", False))


def authenticated_user(request: HttpRequest) -> User:
    """The signed-in user, typed; views using it are behind login_required."""
    user = request.user
    if not user.is_authenticated:
        raise Forbidden("Please sign in.")
    return user


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (`request.POST or None`
    would leave a form with nothing ticked unbound, and silently unchecked)."""
    return request.POST if request.method == "POST" else None
