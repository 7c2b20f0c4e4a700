"""Background work asked for by name, once the current transaction commits.

Tasks import the services that do their work, so a service that asks for
work later names the task by its dotted path instead of importing it: the
import graph stays one-way (tasks → services), and the work never starts
before the rows it reads exist."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task as django_task

from kindred.lib import logs


def run_later(task: str, *args: object, at: dt.datetime | None = None) -> None:
    """Enqueue the task `task` ("kindred.app.tasks.name") with `args` after
    commit; `at` defers it where the backend can (else it runs when due)."""
    # The id of the request (or task, or command) asking, read now: the
    # commit may come after it has ended.
    asked_by = logs.current_request_id()
    transaction.on_commit(partial(enqueue, task, *args, at=at, request_id=asked_by))


def can_defer(task: str) -> bool:
    return bool(import_string(task).get_backend().supports_defer)


def enqueue(
    task: str, *args: object, at: dt.datetime | None = None, request_id: str | None = None
) -> None:
    found = import_string(task)
    if at is not None and at > timezone.now() and found.get_backend().supports_defer:
        found = found.using(run_after=at)
    asked_by = logs.current_request_id() if request_id is None else request_id
    found.enqueue(*args, request_id=asked_by)


def task(**options: Any) -> Callable[[Callable[..., Any]], Any]:
    """A background task that logs under the id of the request that queued
    it (or one of its own), with how long it ran and how it ended."""

    def wrap(function: Callable[..., Any]) -> Any:
        @functools.wraps(function)
        def run(*args: Any, request_id: str = "", **kwargs: Any) -> Any:
            given = request_id or logs.new_request_id("task-")
            with logs.request_id(given), logs.timed("task", task=function.__name__):
                return function(*args, **kwargs)

        return django_task(**options)(run)

    return wrap
