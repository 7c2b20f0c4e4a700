from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kindred.engines.calendar.invite import UID_SUFFIX
from kindred.lib.phrases import shown


def new_uid() -> str:
    return f"{uuid.uuid4()}{UID_SUFFIX}"


class MeetingSeries(models.Model):
    """Recurring meetings that follow the agreed cadence. One calendar
    invitation (RRULE) covers the occurrences that fit; an occurrence that
    clashes with someone's boundaries or another meeting is flagged for a
    new time and left out of the rule (EXDATE) instead of breaking the series."""

    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="series"
    )
    uid = models.CharField(max_length=80, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(default=0)
    cadence = models.CharField(max_length=12)
    count = models.PositiveSmallIntegerField()
    zone = models.CharField(max_length=64)
    first_start = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return f"{self.cadence} series of {self.count} from {self.first_start:%Y-%m-%d}"


class Meeting(models.Model):
    """A meeting of a mentoring pair. Times are UTC; `zone` is the IANA zone
    the meeting was proposed in, which anchors its calendar invitation."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_lazy("Waiting for confirmation")
        CONFIRMED = "confirmed", gettext_lazy("Confirmed")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")
        HELD = "held", gettext_lazy("Held")
        MISSED = "missed", gettext_lazy("Missed")

    OPEN = (Status.PROPOSED, Status.CONFIRMED)
    LATE_CANCELLATION_HOURS = 24

    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="meetings"
    )
    uid = models.CharField(max_length=80, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(default=0)
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.CASCADE, null=True, blank=True, related_name="occurrences"
    )
    # Kept as a phrase (kindred.lib.phrases): every reason, however many.
    needs_new_time = models.TextField(
        blank=True,
        help_text=gettext_lazy("Why this occurrence of a series needs another time."),
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    zone = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    # Each kept as a phrase (kindred.lib.phrases): the other person reads it too.
    soft_warnings = models.JSONField(default=list, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    late_cancellation = models.BooleanField(default=False)
    absent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    late_arrival = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reschedule_count = models.PositiveSmallIntegerField(default=0)
    # Who first reached out with this meeting (proposed_by follows reschedules).
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="meeting_ends_after_start")
        ]
        indexes = [models.Index(fields=["relationship", "start"])]

    def __str__(self) -> str:
        return f"Meeting {self.start:%Y-%m-%d %H:%M} UTC ({self.status})"

    def late_if_cancelled_at(self, moment: dt.datetime) -> bool:
        """Cancelled at `moment`, would it count as late (the partner may
        already have arranged their day around it)?"""
        return self.start - moment < dt.timedelta(hours=self.LATE_CANCELLATION_HOURS)

    @property
    def warning_words(self) -> list[str]:
        """Its warnings in the reader's language."""
        return [shown(str(w)) for w in self.soft_warnings]

    @property
    def needs_new_time_words(self) -> str:
        return shown(self.needs_new_time)

    @property
    def is_open(self) -> bool:
        """Proposed or confirmed: still to happen, or to be recorded."""
        return self.status in self.OPEN

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class Reschedule(models.Model):
    """One move of a meeting: who moved it, when, from and to (reliability
    counts reschedules by whom)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reschedules")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    from_start = models.DateTimeField()
    to_start = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return (
            f"{self.meeting_id}: {self.from_start:%Y-%m-%d %H:%M} -> {self.to_start:%Y-%m-%d %H:%M}"
        )


class Note(models.Model):
    """Notes on a meeting: private to the author unless they share them with
    their partner. Markdown, rendered safely. Managers never read notes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=10000)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.meeting_id} ({'shared' if self.shared else 'private'})"


class CalendarFeed(models.Model):
    """A person's private subscription address (webcal) for all their
    Kindred meetings, across relationships. The address is a capability:
    it is looked up by its digest, kept sealed to be shown again to its
    owner, and replaced or revoked by them at any time."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    token_sealed = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.person_id}"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class VideoRoom(models.Model):
    """A pair's own Jitsi room: an unguessable name, never shared with
    another relationship, revoked when the relationship ends."""

    relationship = models.OneToOneField(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="video_room"
    )
    room = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.room
