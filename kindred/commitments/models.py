"""Commitments: the action items each side of a pair takes on. Whether one
was done before any reminder went out is what the follow-through ledger
calls unprompted: trust is earned by following through without being asked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class Commitment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open")
        DONE = "done", gettext_lazy("Done")
        DROPPED = "dropped", gettext_lazy("Dropped")

    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()  # a date in the owner's own zone
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Set when it is marked done: a reminder had already been sent by then.
    prompted = models.BooleanField(default=False)
    dropped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drop_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["status", "due_date", "id"]
        indexes = [models.Index(fields=["relationship", "status"])]

    def __str__(self) -> str:
        return f"Commitment {self.pk} ({self.status})"  # what it says is the pair's

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_dropped(self) -> bool:
        return self.status == self.Status.DROPPED
