"""Comfort check-ins and confidential concern reports.

A check-in belongs to the person who wrote it: never shown to the partner,
seen by programme managers only as aggregates over five answers or more.
A concern report goes to the programme's managers only; the person it is
about is never told or shown anything. Every look at a case and every
change is written to an append-only audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kindred.lib.models import AppendOnlyModel

SCALE = [
    (1, gettext_lazy("Not at all")),
    (2, gettext_lazy("A little")),
    (3, gettext_lazy("Somewhat")),
    (4, gettext_lazy("Mostly")),
    (5, gettext_lazy("Completely")),
]


class ComfortCheckIn(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sharing_comfortable = models.PositiveSmallIntegerField(choices=SCALE)
    boundaries_respected = models.PositiveSmallIntegerField(choices=SCALE)
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    LOW = 2  # an answer this low offers the concern-report path

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_checkin_per_meeting")
        ]

    def __str__(self) -> str:
        return f"Check-in {self.pk}"  # no names: it is private

    @property
    def is_low(self) -> bool:
        return min(self.sharing_comfortable, self.boundaries_respected) <= self.LOW


class ConcernReport(models.Model):
    class Category(models.TextChoices):
        BOUNDARIES = "boundaries", gettext_lazy("Boundaries were not respected")
        CONDUCT = "conduct", gettext_lazy("Conduct or behaviour")
        SAFETY = "safety", gettext_lazy("Safety or wellbeing")
        OTHER = "other", gettext_lazy("Something else")

    class Status(models.TextChoices):
        RECEIVED = "received", gettext_lazy("Received")
        IN_REVIEW = "in_review", gettext_lazy("In review")
        RESOLVED = "resolved", gettext_lazy("Resolved")

    class Outcome(models.TextChoices):
        GUIDANCE = "guidance", gettext_lazy("Guidance given")
        PAUSED = "paused", gettext_lazy("Relationship paused")
        ENDED = "ended", gettext_lazy("Relationship ended")
        NO_ACTION = "no_action", gettext_lazy("No action")

    programme = models.ForeignKey("programs.Programme", on_delete=models.CASCADE, related_name="+")
    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    # A concern about someone in a group (a circle, which lives above
    # safety: its id, and where it was, in words, as the reporter saw it).
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    circle = models.PositiveIntegerField(null=True, blank=True)
    where = models.CharField(max_length=200, blank=True)
    # Everyone who must never handle, be alerted about or see the case:
    # the pair, or everyone in the circle when it was reported.
    involved = models.JSONField(default=list, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(max_length=12, choices=Category.choices)
    text = models.TextField(max_length=4000)
    wants_contact = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return f"Case {self.pk} ({self.status})"

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED

    @property
    def in_circle(self) -> bool:
        return self.circle is not None


class CaseNote(models.Model):
    report = models.ForeignKey(ConcernReport, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note on case {self.report_id}"


class CaseAudit(AppendOnlyModel):
    """Who viewed or changed a case, and what: rows are added, never changed
    or removed (the admin shows them read-only too)."""

    class Action(models.TextChoices):
        REPORTED = "reported", gettext_lazy("Reported")
        VIEWED = "viewed", gettext_lazy("Viewed")
        STATUS = "status", gettext_lazy("Status changed")
        NOTE = "note", gettext_lazy("Note added")
        RELATIONSHIP = "relationship", gettext_lazy("Relationship changed")

    report = models.ForeignKey(ConcernReport, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} on case {self.report_id}"
