"""A mentoring relationship between a mentor and a mentee in a programme.
Matching creates it; the relationships capability grows it (agreement,
meetings, lifecycle)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Relationship(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    class Source(models.TextChoices):
        MATCHING = "matching", "Programme matching"
        REQUEST = "request", "Mentee's request"

    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.CASCADE, related_name="relationships"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentored_by"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(max_length=10, choices=Source.choices)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentor", "mentee"],
                condition=Q(status="active"),
                name="one_active_relationship_per_pair",
            ),
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=Q(status="active"),
                name="one_active_mentor_per_mentee",
            ),
        ]
        indexes = [models.Index(fields=["programme", "mentor", "status"])]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.mentee}"
