"""Domain errors carry the HTTP status they map to, so views and the API
translate them in one place each instead of catching them case by case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _


class DomainError(Exception):
    status: int = 400
    code: str = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[Mapping[str, Any]] = list(errors or [])

    def with_first_lines(self, count: int = 3) -> str:
        """The message and its first few line errors, in one sentence for a
        page's message or a background job's note (a file's rows)."""
        lines = [
            _("Line %(line)s: %(message)s") % {"line": e["line"], "message": e["message"]}
            for e in self.errors[:count]
            if "line" in e
        ]
        return " ".join([self.message, *lines])

    def as_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"code": self.code, "detail": self.message}
        if self.errors:
            payload["errors"] = self.errors
        return payload


class BadRequest(DomainError):
    """The request itself could not be read (a malformed body)."""

    status = 400
    code = "bad_request"


class NotFound(DomainError):
    """Also used when the caller may not know the object exists at all."""

    status = 404
    code = "not_found"

    @classmethod
    def anything(cls) -> NotFound:
        """For a path that names nothing at all."""
        return cls(_("No such thing here."))


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class InvalidInput(DomainError):
    status = 422
    code = "invalid"

    @classmethod
    def on(cls, field: str, message: str) -> InvalidInput:
        """The error for one field, which forms and the API show beside it."""
        return cls(message, errors=[{"field": field, "message": message}])


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooMany(DomainError):
    """Someone is doing something faster than a person plausibly would."""

    status = 429
    code = "too_many"
