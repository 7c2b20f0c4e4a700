"""What /metrics reads from the database when it is asked: the outbox and
the task queue (depth and the age of the oldest due), the worker's
heartbeat, and each scheduled job's last successful run. Counted in the
processes themselves: kindred.lib.metrics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Max
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from kindred.operations.models import JobRun
from kindred.operations.selectors import (
    emails_waiting,
    seconds_since,
    tasks_waiting,
    worker_last_seen,
)


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        yield from self._outbox(now)
        yield from self._tasks(now)
        yield from self._heartbeat(now)
        yield from self._jobs()

    def _outbox(self, now: dt.datetime) -> Iterator[GaugeMetricFamily]:
        emails = emails_waiting(now)
        yield GaugeMetricFamily("kindred_outbox_due", "E-mails due and not yet sent.", emails.count)
        yield GaugeMetricFamily(
            "kindred_outbox_oldest_due_seconds",
            "How long the oldest due e-mail has waited.",
            emails.oldest_seconds(now),
        )

    def _tasks(self, now: dt.datetime) -> Iterator[GaugeMetricFamily]:
        tasks = tasks_waiting()
        yield GaugeMetricFamily(
            "kindred_tasks_ready", "Background tasks waiting for a worker.", tasks.count
        )
        yield GaugeMetricFamily(
            "kindred_tasks_oldest_ready_seconds",
            "How long the oldest waiting background task has waited.",
            tasks.oldest_seconds(now),
        )

    def _heartbeat(self, now: dt.datetime) -> Iterator[GaugeMetricFamily]:
        beat = worker_last_seen()
        if beat is not None:
            yield GaugeMetricFamily(
                "kindred_worker_heartbeat_age_seconds",
                "Since a task worker last answered the scheduler's heartbeat.",
                seconds_since(now, beat),
            )

    def _jobs(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "kindred_scheduled_job_last_success_timestamp_seconds",
            "When each scheduled job last finished without failing (Unix time).",
            labels=["job"],
        )
        done = JobRun.objects.filter(outcome=JobRun.Outcome.DONE).values("job_id")
        for row in done.annotate(last=Max("finished_at")).order_by("job_id"):
            family.add_metric([row["job_id"]], row["last"].timestamp())
        yield family
