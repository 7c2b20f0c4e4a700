"""Writing to the audit log. Callers name what happened; who did it and
through which door (web, API, admin) come from the request when there is
one, so a change made in the Django admin is logged like any other."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse

from kindred.audit.models import AuditEvent
from kindred.lib.views import API_PREFIX

if TYPE_CHECKING:
    from kindred.accounts.models import User


_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "audit_request", default=None
)
Action = AuditEvent.Action


class AuditRequestMiddleware:
    """Remembers the request being served so the log can name its user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


@contextmanager
def acting(request: HttpRequest) -> Iterator[None]:
    """For code that runs outside the middleware (tests, commands)."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def _label(user: User | None) -> str:
    return f"{user.full_name} <{user.email}>" if user is not None else ""


def _current_user() -> User | None:
    request = _request.get()
    user = getattr(request, "user", None)
    # Anonymous visitors are not anyone to log.
    return user if getattr(user, "is_authenticated", False) else None


def _channel() -> str:
    request = _request.get()
    if request is None:
        return "system"
    if request.path.startswith(API_PREFIX):
        return "api"
    return "admin" if request.path.startswith("/admin/") else "web"


def event(
    action: str,
    *,
    actor: User | None = None,
    subject: User | None = None,
    programme: Any = None,
    target: str = "",
    detail: str = "",
    channel: str = "",
    unnamed: bool = False,
) -> AuditEvent:
    """Build (not save) one entry; `record` and `record_many` save them.
    `unnamed` keeps the actor out of the log (a concern's reporter)."""
    actor = None if unnamed else actor or _current_user()
    return AuditEvent(
        action=action,
        actor=actor,
        actor_label=_label(actor),
        subject=subject,
        subject_label=_label(subject),
        programme=programme,
        target=target[:80],
        detail=detail[:300],
        channel=channel or _channel(),
    )


def record(action: str, **fields: Any) -> AuditEvent:
    entry = event(action, **fields)
    entry.save()
    return entry


def record_many(entries: Iterable[AuditEvent]) -> None:
    AuditEvent.objects.bulk_create(list(entries), batch_size=500)
