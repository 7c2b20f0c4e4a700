"""Structured logs that follow one piece of work from the web request that
started it, through the background task it queued, to the e-mail it sent.

Each request gets an id (the proxy's `X-Request-ID` when it is a plain
token, else a new one), returned in the response's `X-Request-ID`. Tasks
queued during the request carry it (`kindred.lib.jobs`), the outbox stores
it on each row and sends it as `X-Kindred-Request-ID`, and management
commands get their own. With `LOG_FORMAT=json` every line is one JSON
object with the id; log ids and counts, never names or addresses."""

from __future__ import annotations

import functools
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.http import HttpRequest, HttpResponse

P = ParamSpec("P")
R = TypeVar("R")
_request_id: ContextVar[str] = ContextVar("request_id", default="")
SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
UNMATCHED = "unmatched"
logger = logging.getLogger("kindred")


def current_request_id() -> str:
    return _request_id.get()


def new_request_id(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex


@contextmanager
def request_id(value: str) -> Iterator[str]:
    """Within the block, logs and queued work carry `value`."""
    token = _request_id.set(value)
    try:
        yield value
    finally:
        _request_id.reset(token)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        with request_id(given if SAFE_ID.match(given) else new_request_id()) as found:
            request.kindred_request_id = found  # type: ignore[attr-defined]
            response = self.get_response(request)
        response["X-Request-ID"] = found
        return response


def route_of(request: HttpRequest) -> str:
    """The URL pattern a request matched (`/relationships/<id:relationship_id>/`),
    never its path: paths carry ids, invitation tokens and whatever a
    person typed into the address bar."""
    match = request.resolver_match
    if match is None:
        return UNMATCHED
    return "/" + match.route if match.route else (match.view_name or UNMATCHED)


class NoPathsFilter(logging.Filter):
    """Django logs each refused or failed request with its path, and the
    request itself: keep the route's pattern and the method instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            record.request = request.method
            if isinstance(record.args, tuple) and len(record.args) == 2:
                record.args = (record.args[0], route_of(request))  # "Not Found: <route>"
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a refused request once the middleware has returned:
        # its id is then read from the request the record carries.
        request = getattr(record, "request", None)
        record.request_id = current_request_id() or getattr(request, "kindred_request_id", "")
        return True


# The attributes every LogRecord has; anything else was passed in `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id,
    and the fields passed in `extra`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        entry |= {k: v for k, v in vars(record).items() if k not in _STANDARD | set(entry)}
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    """One readable line: time, level, logger, [request id], message, and
    the fields passed in `extra` as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = {k: v for k, v in vars(record).items() if k not in _STANDARD | {"request_id"}}
        return line + "".join(f" {key}={value}" for key, value in fields.items())


def event(name: str, **fields: object) -> None:
    """Log that something happened at a boundary (a service wrote, a task
    ran, a command finished), with ids and counts as fields."""
    logger.info(name, extra={"event": name, **fields})


@contextmanager
def timed(name: str, **fields: object) -> Iterator[dict[str, object]]:
    """Log `name` once the block ends, with how long it took and whatever
    the block adds to the dict it is given."""
    started, found = time.perf_counter(), dict(fields)
    try:
        yield found
    except Exception:
        event(name, outcome="error", seconds=round(time.perf_counter() - started, 3), **found)
        raise
    event(name, outcome="done", seconds=round(time.perf_counter() - started, 3), **found)


def logged(function: Callable[P, R]) -> Callable[P, R]:
    """Log a write service's outcome at its boundary, once its transaction
    is over: the service, the actor's id, the written row's id, how long
    it took, and the kind of error when it refused."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        actor = getattr(kwargs.get("actor"), "pk", None)
        started = time.perf_counter()
        try:
            result = function(*args, **kwargs)
        except Exception as error:
            event(function.__name__, actor=actor, outcome=type(error).__name__,
                  seconds=round(time.perf_counter() - started, 3))  # fmt: skip
            raise
        event(function.__name__, actor=actor, id=getattr(result, "pk", None), outcome="done",
              seconds=round(time.perf_counter() - started, 3))  # fmt: skip
        return result

    return run
