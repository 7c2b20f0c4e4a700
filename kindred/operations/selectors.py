"""What /readyz and /metrics both read of the queues and the worker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, QuerySet
from django_tasks_db.models import DBTaskResult

from kindred.notifications.models import Notification
from kindred.operations.models import Heartbeat
from kindred.operations.tasks import WORKER


@dataclass(frozen=True)
class Waiting:
    count: int
    oldest: dt.datetime | None

    def oldest_seconds(self, now: dt.datetime) -> float:
        return seconds_since(now, self.oldest)


def seconds_since(now: dt.datetime, then: dt.datetime | None) -> float:
    return max((now - then).total_seconds(), 0.0) if then else 0.0


def _waiting(rows: QuerySet[Any], since: str) -> Waiting:
    found = rows.aggregate(count=Count("pk"), oldest=Min(since))
    return Waiting(found["count"], found["oldest"])


def emails_waiting(now: dt.datetime) -> Waiting:
    """E-mails due and not yet sent, and since when the oldest was due."""
    return _waiting(Notification.objects.due(now), "earliest_send_at")


def tasks_waiting() -> Waiting:
    """Background tasks ready for a worker, and the oldest one's queueing."""
    return _waiting(DBTaskResult.objects.ready(), "enqueued_at")


def worker_last_seen() -> dt.datetime | None:
    """When a task worker last answered the scheduler's heartbeat."""
    return Heartbeat.objects.filter(name=WORKER).values_list("seen_at", flat=True).first()
