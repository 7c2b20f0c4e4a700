"""What the scheduler keeps: who holds the right to act, which slot of each
job was last taken, each run's result, and when a worker last showed it was
alive."""

from __future__ import annotations

from django.db import models


class Lease(models.Model):
    """A named right to act that one process holds until it lapses: the
    scheduler renews it while it lives, so a second scheduler (on another
    machine, or started by mistake) waits, and takes over when it lapses."""

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(max_length=100)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"


class ScheduledJob(models.Model):
    """One periodic job and the last slot of its cadence that was taken.
    Taking a slot is one conditional UPDATE, so a slot runs once however
    many schedulers look at it."""

    name = models.CharField(max_length=40, primary_key=True)
    last_slot = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        verbose_name = "scheduled job"

    def __str__(self) -> str:
        return self.name


class JobRun(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(ScheduledJob, on_delete=models.CASCADE, related_name="runs")
    slot = models.DateTimeField()
    holder = models.CharField(max_length=100)
    request_id = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    # Counts and ids only, as in the logs: never a name or an address.
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["job", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.job_id} at {self.started_at:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """When a kind of process (the task worker) last did work it was asked
    for: /readyz fails when it is older than its interval allows."""

    name = models.CharField(max_length=40, primary_key=True)
    seen_at = models.DateTimeField()
    by = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
