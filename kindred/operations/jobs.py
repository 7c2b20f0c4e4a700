"""The periodic jobs the scheduler runs, each on its cadence.

Each job calls the services its command calls (the commands stay, for a
hand-run or a script), and returns a summary of counts for the admin page:
never a name or an address. A job raises `JobFailed` when it ran but did
not do its work (a roster pull held for a person), so the page says so."""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django_tasks_db.models import DBTaskResult

from kindred.calendars.services import refresh_calendars, write_calendars
from kindred.commitments.services import send_commitment_reminders
from kindred.health.services import compute_health, send_surveys
from kindred.identity.models import RosterSync
from kindred.identity.services import roster_sync_run
from kindred.lib.jobs import run_later
from kindred.meetings.services import send_nudges
from kindred.notifications.services import dispatch
from kindred.programs.models import Programme
from kindred.programs.services import email_invitations_remind

# Slots are counted from here, so "daily at 05:00 UTC" and "every 15
# minutes" fall on the same instants on every machine.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
TASK_RESULTS_KEPT = dt.timedelta(days=14)


class JobFailed(Exception):
    """The job ran and did not do its work; the message says why (counts and
    states only)."""


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[dt.datetime], str]
    # How far into each period the slot starts: daily jobs run in the
    # small hours of UTC rather than at midnight with everything else.
    offset: dt.timedelta = dt.timedelta(0)
    about: str = ""

    def slot(self, now: dt.datetime) -> dt.datetime:
        """The start of the latest slot at or before `now`."""
        periods = (now - EPOCH - self.offset) // self.every
        return EPOCH + self.offset + periods * self.every

    def next_run(self, last_slot: dt.datetime, now: dt.datetime) -> dt.datetime:
        """When it runs next: the slot after the last one taken, or the
        current one (already past) when that was missed."""
        return max(last_slot + self.every, self.slot(now))

    @property
    def cadence(self) -> str:
        if self.every >= DAY:
            hours, minutes = divmod(self.offset.seconds // 60, 60)
            return f"daily at {hours:02d}:{minutes:02d} UTC"
        if self.every >= HOUR:
            return "hourly"
        return f"every {int(self.every / MINUTE)} min"


def _counts(found: dict[str, int]) -> str:
    return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in found.items())


def nudges(now: dt.datetime) -> str:
    return _counts(send_nudges(now=now))


def commitment_reminders(now: dt.datetime) -> str:
    return _counts(send_commitment_reminders(now=now))


def surveys(now: dt.datetime) -> str:
    return _counts(send_surveys(now=now))


def invitation_reminders(now: dt.datetime) -> str:
    return f"reminded {email_invitations_remind(now=now)}"


def health(now: dt.datetime) -> str:
    totals: dict[str, int] = {}
    for programme in Programme.objects.all():
        for key, value in compute_health(programme, now=now).items():
            totals[key] = totals.get(key, 0) + value
    return _counts(totals) or "no programmes"


def calendars(now: dt.datetime) -> str:
    read = refresh_calendars(now=now)
    return f"read {read}, written {write_calendars(now=now)}"


def roster(now: dt.datetime) -> str:
    ran = roster_sync_run(now=now)
    if ran is None:
        return "not due, or not set up"
    if ran.last_outcome != RosterSync.Outcome.DONE:
        # The page of the roster sync says why in full; this says which.
        raise JobFailed(f"roster sync {ran.last_outcome}")
    return "roster pulled"


def outbox(now: dt.datetime) -> str:
    # Beside the task the outbox queues for each message: catches what a
    # dead worker left, and retries whose time has come.
    worker = f"scheduler-{socket.gethostname()}-{os.getpid()}"
    return _counts(dispatch(now=now, worker=worker))


def worker_heartbeat(now: dt.datetime) -> str:
    run_later("kindred.operations.tasks.heartbeat")
    return "asked a worker to answer"


def prune_task_results(now: dt.datetime) -> str:
    finished = DBTaskResult.objects.finished().filter(finished_at__lt=now - TASK_RESULTS_KEPT)
    removed, _ = finished.delete()
    return f"removed {removed} finished task results"


def clear_sessions(now: dt.datetime) -> str:
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return "expired sessions cleared"


JOBS: tuple[Job, ...] = (
    Job("outbox", MINUTE, outbox, about="send due e-mails a worker has not sent"),
    Job("worker_heartbeat", MINUTE, worker_heartbeat, about="check a task worker answers"),
    Job("nudges", 15 * MINUTE, nudges, about="nudges and meeting reminders"),
    Job("calendars", 15 * MINUTE, calendars, about="read and write connected calendars"),
    Job("commitment_reminders", HOUR, commitment_reminders, about="commitments due and overdue"),
    Job("surveys", HOUR, surveys, about="pulse-survey invitations and reminders"),
    Job("roster", HOUR, roster, about="HR roster pull when its own cadence is due"),
    Job("health", DAY, health, offset=5 * HOUR, about="relationship health and at-risk digest"),
    Job(
        "invitation_reminders",
        DAY,
        invitation_reminders,
        offset=7 * HOUR,
        about="one reminder a week after an invitation",
    ),
    Job(
        "prune_task_results",
        DAY,
        prune_task_results,
        offset=3 * HOUR,
        about="finished background tasks older than 14 days",
    ),
    Job(
        "clear_sessions",
        DAY,
        clear_sessions,
        offset=3 * HOUR + 30 * MINUTE,
        about="expired sign-in sessions",
    ),
)
BY_NAME = {job.name: job for job in JOBS}
