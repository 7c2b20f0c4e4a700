"""Background work asked for by name, once the current transaction commits.

Tasks import the services that do their work, so a service that asks for
work later names the task by its dotted path instead of importing it: the
import graph stays one-way (tasks → services), and the work never starts
before the rows it reads exist."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string


def run_later(task: str, *args: object, at: dt.datetime | None = None) -> None:
    """Enqueue the task `task` ("kindred.app.tasks.name") with `args` after
    commit; `at` defers it where the backend can (else it runs when due)."""
    transaction.on_commit(partial(enqueue, task, *args, at=at))


def can_defer(task: str) -> bool:
    return bool(import_string(task).get_backend().supports_defer)


def enqueue(task: str, *args: object, at: dt.datetime | None = None) -> None:
    found = import_string(task)
    if at is not None and at > timezone.now() and found.get_backend().supports_defer:
        found = found.using(run_after=at)
    found.enqueue(*args)
