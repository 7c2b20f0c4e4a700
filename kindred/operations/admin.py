"""The scheduler on the admin page: each job's cadence, its last run and
how it ended, and when it runs next; each job's recent runs below it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from kindred.lib.admin import ReadOnlyAdmin
from kindred.operations.jobs import BY_NAME
from kindred.operations.models import Heartbeat, JobRun, Lease, ScheduledJob


class JobRunInline(admin.TabularInline):
    model = JobRun
    fields = readonly_fields = (
        "started_at",
        "finished_at",
        "outcome",
        "summary",
        "holder",
        "request_id",
    )
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "about",
        "cadence",
        "last_started",
        "last_outcome",
        "last_summary",
        "next_run",
    ]
    inlines = [JobRunInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ScheduledJob]:
        latest = JobRun.objects.filter(job=OuterRef("pk")).order_by("-started_at", "-id")
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_started=Subquery(latest.values("started_at")[:1]),
                latest_outcome=Subquery(latest.values("outcome")[:1]),
                latest_summary=Subquery(latest.values("summary")[:1]),
            )
        )

    @admin.display(description="what it does")
    def about(self, job: ScheduledJob) -> str:
        found = BY_NAME.get(job.name)
        return found.about if found else "no longer scheduled"

    @admin.display(description="cadence")
    def cadence(self, job: ScheduledJob) -> str:
        found = BY_NAME.get(job.name)
        return found.cadence if found else ""

    @admin.display(description="last run", ordering="latest_started")
    def last_started(self, job: Any) -> dt.datetime | None:
        return job.latest_started

    @admin.display(description="result")
    def last_outcome(self, job: Any) -> str:
        return JobRun.Outcome(job.latest_outcome).label if job.latest_outcome else "never run"

    @admin.display(description="summary")
    def last_summary(self, job: Any) -> str:
        return job.latest_summary or ""

    @admin.display(description="next run")
    def next_run(self, job: ScheduledJob) -> dt.datetime | None:
        found = BY_NAME.get(job.name)
        if found is None:
            return None
        return found.next_run(job.last_slot, timezone.now())


@admin.register(Lease)
class LeaseAdmin(ReadOnlyAdmin):
    list_display = ["name", "holder", "expires_at"]


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["name", "seen_at", "by"]
