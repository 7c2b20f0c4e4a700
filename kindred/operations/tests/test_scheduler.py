"""The built-in scheduler: each job once per slot of its cadence, one
scheduler acting at a time, a missed run caught up once, and each run's
result kept for the admin page."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from kindred.conftest import World, client_for, make_user
from kindred.operations import scheduler
from kindred.operations.jobs import BY_NAME, DAY, JOBS, MINUTE, Job, JobFailed
from kindred.operations.models import Heartbeat, JobRun, Lease, ScheduledJob

pytestmark = pytest.mark.django_db
MORNING = dt.datetime(2026, 12, 7, 9, 0, 30, tzinfo=dt.UTC)


def ran(runs: list[JobRun]) -> list[str]:
    return sorted(run.job_id for run in runs)


def test_slots_fall_on_the_cadence_in_utc() -> None:
    health = BY_NAME["health"]
    assert health.slot(MORNING) == dt.datetime(2026, 12, 7, 5, 0, tzinfo=dt.UTC)
    assert health.slot(dt.datetime(2026, 12, 7, 4, 59, tzinfo=dt.UTC)) == dt.datetime(
        2026, 12, 6, 5, 0, tzinfo=dt.UTC
    )
    assert BY_NAME["nudges"].slot(MORNING) == dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    assert health.cadence == "daily at 05:00 UTC" and BY_NAME["nudges"].cadence == "every 15 min"


def test_every_job_runs_once_then_each_on_its_own_cadence(world: World) -> None:
    first = scheduler.tick("a", MORNING)
    assert ran(first) == sorted(job.name for job in JOBS)  # never run: due at once
    assert all(run.outcome == JobRun.Outcome.DONE for run in first), [
        (run.job_id, run.summary) for run in first
    ]
    assert scheduler.tick("a", MORNING + dt.timedelta(seconds=20)) == []  # same minute
    assert ran(scheduler.tick("a", MORNING + MINUTE)) == ["outbox", "worker_heartbeat"]
    quarter = MORNING + 15 * MINUTE
    assert ran(scheduler.tick("a", quarter)) == [
        "calendars",
        "nudges",
        "outbox",
        "worker_heartbeat",
    ]


def test_a_scheduler_that_was_down_for_days_runs_each_missed_job_once(world: World) -> None:
    scheduler.tick("a", MORNING)
    back = scheduler.tick("a", MORNING + 3 * DAY + 4 * 60 * MINUTE)
    assert ran(back).count("health") == 1
    assert JobRun.objects.filter(job_id="health").count() == 2  # first day, and once on return
    assert ScheduledJob.objects.get(name="health").last_slot == dt.datetime(
        2026, 12, 10, 5, 0, tzinfo=dt.UTC
    )


def test_only_the_holder_of_the_lease_acts_and_another_takes_over_when_it_lapses(
    world: World, settings
) -> None:
    settings.SCHEDULER_LEASE_SECONDS = 90
    seconds = dt.timedelta(seconds=1)
    assert scheduler.tick("a", MORNING)
    assert scheduler.tick("b", MORNING + 30 * seconds) == []  # a holds it: b waits
    assert scheduler.tick("a", MORNING + 60 * seconds)  # a renews as it acts
    assert scheduler.tick("b", MORNING + 120 * seconds) == []
    assert Lease.objects.get().holder == "a"
    # a stops; once its lease lapses b acts, and a's renewal cannot take it back.
    assert ran(scheduler.tick("b", MORNING + 151 * seconds)) == ["outbox", "worker_heartbeat"]
    assert Lease.objects.get().holder == "b"
    assert not scheduler.renew_lease("a", MORNING + 152 * seconds)
    assert scheduler.tick("a", MORNING + 180 * seconds) == []


def test_a_slot_is_taken_once_even_by_two_schedulers_that_both_think_they_act(
    world: World,
) -> None:
    job = BY_NAME["health"]
    assert scheduler.take_slot(job, MORNING) == job.slot(MORNING)
    assert scheduler.take_slot(job, MORNING + MINUTE) is None


def test_a_failing_job_is_recorded_and_the_next_still_runs(world: World, caplog) -> None:
    def broken(now: dt.datetime) -> str:
        raise RuntimeError("the calendar host is down for ada@example.com")

    def refused(now: dt.datetime) -> str:
        raise JobFailed("roster sync held")

    jobs = (
        Job("broken", DAY, broken),
        Job("refused", DAY, refused),
        Job("fine", DAY, lambda now: "did 3"),
    )
    runs = {run.job_id: run for run in scheduler.tick("a", MORNING, jobs)}
    assert runs["broken"].outcome == JobRun.Outcome.FAILED
    # What an exception says may name anyone: the page names its type only.
    assert runs["broken"].summary == "RuntimeError (see the logs)"
    assert (runs["refused"].outcome, runs["refused"].summary) == ("failed", "roster sync held")
    assert (runs["fine"].outcome, runs["fine"].summary) == ("done", "did 3")
    assert all(run.finished_at and run.request_id.startswith("job-") for run in runs.values())


def test_runs_beyond_the_last_fifty_of_a_job_are_forgotten(world: World) -> None:
    job = Job("often", MINUTE, lambda now: "ok")
    for minute in range(55):
        scheduler.tick("a", MORNING + minute * MINUTE, (job,))
    assert JobRun.objects.filter(job_id="often").count() == scheduler.RUNS_KEPT_PER_JOB


def test_the_heartbeat_job_is_answered_by_a_worker(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.tick("a", MORNING, (BY_NAME["worker_heartbeat"],))
    assert Heartbeat.objects.get(name="worker").seen_at > MORNING - DAY


def test_the_admin_page_shows_each_job_its_last_result_and_next_run(world: World) -> None:
    scheduler.tick("a", MORNING)
    root = make_user("root@test.example", "Root", is_superuser=True, is_staff=True)
    page = client_for(root).get("/admin/operations/scheduledjob/")
    text = page.content.decode()
    assert page.status_code == 200
    for job in JOBS:
        assert job.about in text
    assert "daily at 05:00 UTC" in text and "Done" in text
    detail = client_for(root).get("/admin/operations/scheduledjob/health/change/")
    assert detail.status_code == 200 and "relationships 0" in detail.content.decode()


@pytest.mark.parametrize("who", ["owner", "partner", "manager", "other_manager", None])
def test_nobody_but_the_superuser_sees_the_jobs(world: World, who: str | None) -> None:
    person = getattr(world, who) if who else None
    page = client_for(person).get("/admin/operations/scheduledjob/")
    assert page.status_code == 302 and "/admin/login/" in page["Location"]
    # An organisation admin is staff, yet not given the operator's pages.
    assert client_for(world.admin).get("/admin/operations/scheduledjob/").status_code == 403


def test_a_scheduler_outlives_a_database_outage(world: World, monkeypatch) -> None:
    """A pass that cannot reach the database is logged and the next one
    tried; the process does not exit (the tick is made to fail here as the
    database would make it, by raising its error)."""
    passes = []
    stop = threading.Event()

    def tick(holder: str) -> list[JobRun]:
        passes.append(holder)
        if len(passes) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        stop.set()
        return []

    monkeypatch.setattr(scheduler, "tick", tick)
    scheduler.run_forever("a", 0.01, stop)
    assert passes == ["a", "a"]


@pytest.mark.parametrize("interval", ["0", "-5", "nan"])
def test_a_scheduler_refuses_an_interval_that_would_spin(db: None, interval: str) -> None:
    with pytest.raises(CommandError, match="above 0"):
        call_command("run_scheduler", "--interval", interval)
    assert not Lease.objects.exists()  # it never started
