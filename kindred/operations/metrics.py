"""What /metrics reads from the database when it is asked: the outbox and
the task queue (depth and the age of the oldest due), the worker's
heartbeat, and each scheduled job's last successful run. Counted in the
processes themselves: kindred.lib.metrics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Max, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from kindred.notifications.models import Notification
from kindred.operations.models import Heartbeat, JobRun
from kindred.operations.tasks import WORKER


def _age(now: dt.datetime, since: dt.datetime | None) -> float:
    return max((now - since).total_seconds(), 0.0) if since else 0.0


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        yield from self._outbox(now)
        yield from self._tasks(now)
        yield from self._heartbeat(now)
        yield from self._jobs()

    def _outbox(self, now: dt.datetime) -> Iterator[GaugeMetricFamily]:
        due = Notification.objects.due(now).aggregate(
            count=Count("pk"), oldest=Min("earliest_send_at")
        )
        yield GaugeMetricFamily("kindred_outbox_due", "E-mails due and not yet sent.", due["count"])
        yield GaugeMetricFamily(
            "kindred_outbox_oldest_due_seconds",
            "How long the oldest due e-mail has waited.",
            _age(now, due["oldest"]),
        )

    def _tasks(self, now: dt.datetime) -> Iterator[GaugeMetricFamily]:
        found = DBTaskResult.objects.ready().aggregate(count=Count("pk"), oldest=Min("enqueued_at"))
        yield GaugeMetricFamily(
            "kindred_tasks_ready", "Background tasks waiting for a worker.", found["count"]
        )
        yield GaugeMetricFamily(
            "kindred_tasks_oldest_ready_seconds",
            "How long the oldest waiting background task has waited.",
            _age(now, found["oldest"]),
        )

    def _heartbeat(self, now: dt.datetime) -> Iterator[GaugeMetricFamily]:
        beat = Heartbeat.objects.filter(name=WORKER).values_list("seen_at", flat=True).first()
        if beat is not None:
            yield GaugeMetricFamily(
                "kindred_worker_heartbeat_age_seconds",
                "Since a task worker last answered the scheduler's heartbeat.",
                _age(now, beat),
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
