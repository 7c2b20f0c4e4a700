"""Mentoring circles: one or two facilitators and a few members who meet
as a group. Formation (the matching run of a circles programme) makes
them; the circle then has what a pair has: an agreement every member
signs, group meetings, and its own conversation."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.engines.calendar.invite import UID_SUFFIX
from kindred.lib.phrases import said
from kindred.lib.text import validate_single_line
from kindred.relationships.models import Agreement
from kindred.safety.models import SCALE


def new_uid() -> str:
    return f"{uuid.uuid4()}{UID_SUFFIX}"


def new_room() -> str:
    return f"kindred-circle-{secrets.token_urlsafe(18)}"


class Circle(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", gettext_lazy("Active")
        ENDED = "ended", gettext_lazy("Ended")

    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.CASCADE, related_name="circles"
    )
    # The name its facilitator or a manager gave it; until then it is called
    # by its number and the facilitator it was formed around, worded in each
    # reader's language when read (see `name`).
    given_name = models.CharField(max_length=80, blank=True, validators=[validate_single_line])
    number = models.PositiveIntegerField(default=0)
    formed_around = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    formed_at = models.DateTimeField(default=timezone.now)
    # The matching run that formed it (matching lives above circles).
    formed_by_run = models.PositiveIntegerField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    room = models.CharField(
        max_length=60, default=new_room
    )  # its Jitsi room, if the programme uses Jitsi

    class Meta:
        ordering = ["programme", "number", "id"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        if self.given_name:
            return self.given_name
        return _("Circle %(number)s: %(facilitator)s") % {
            "number": self.number,
            "facilitator": self.formed_around,
        }

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class CircleMember(models.Model):
    """A person's place in a circle. Leaving keeps the row (their messages
    and the meetings they attended stay the circle's history)."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", gettext_lazy("Facilitator")
        MEMBER = "member", gettext_lazy("Member")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="places")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_places"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    left_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["role", "joined_at", "id"]  # facilitators first
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "person"],
                condition=Q(left_at__isnull=True),
                name="one_current_place_per_circle",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role}) in {self.circle}"

    @property
    def is_facilitator(self) -> bool:
        return self.role == self.Role.FACILITATOR


class CircleAgreement(models.Model):
    """The circle's rules of engagement, one row per version. The shared
    terms bind once every current member has signed them; each person's
    off-limits hours are their own (on their signature) and carry over."""

    Cadence = Agreement.Cadence  # a pair's cadences: the scheduling rules read them alike

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveSmallIntegerField()
    cadence = models.CharField(max_length=12, choices=Cadence.choices)
    session_minutes = models.PositiveSmallIntegerField()
    channels = models.JSONField(default=list)  # live channels, in order of preference
    video_link = models.URLField(blank=True, max_length=300)
    objectives = models.TextField(max_length=3000)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    TERMS = ("cadence", "session_minutes", "channels", "video_link", "objectives")

    class Meta:
        ordering = ["circle", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "version"], name="one_circle_agreement_version"
            )
        ]

    def __str__(self) -> str:
        return f"Agreement v{self.version} of {self.circle}"


class CircleSignature(models.Model):
    """One person's part of an agreement version: their off-limits hours
    (agreement lines, in their own zone) and when they signed."""

    agreement = models.ForeignKey(
        CircleAgreement, on_delete=models.CASCADE, related_name="signatures"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    off_limits = models.TextField(blank=True, max_length=1000)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="one_signature_each")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.agreement}"


class CircleMeeting(models.Model):
    """A group meeting. Anyone in the circle may arrange one; everyone
    gets one invitation that names every attendee, and each answers."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", gettext_lazy("Scheduled")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")
        HELD = "held", gettext_lazy("Held")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    uid = models.CharField(max_length=80, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(default=0)
    start = models.DateTimeField()
    end = models.DateTimeField()
    zone = models.CharField(max_length=64)  # the organiser's, anchoring the invitation
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who the time was awkward for (outside their hours, within the
    # stretch): the next times rotate the awkward hour round the circle.
    stretched = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="circle_meeting_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["circle", "start"])]

    def __str__(self) -> str:
        return f"Circle meeting {self.start:%Y-%m-%d %H:%M} UTC ({self.status})"

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Attendance(models.Model):
    """One invited person's answer to a group meeting, and whether they came."""

    class Answer(models.TextChoices):
        INVITED = "invited", gettext_lazy("Not answered")
        ACCEPTED = "accepted", gettext_lazy("Coming")
        DECLINED = "declined", gettext_lazy("Can't come")

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.INVITED)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_each")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.answer}"

    @property
    def is_declined(self) -> bool:
        return self.answer == self.Answer.DECLINED


class CircleMessage(models.Model):
    """The circle's conversation: everyone in it reads it, no one else."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=4000)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["circle", "sent_at"])]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.circle_id}"


class CircleCheckIn(models.Model):
    """A person's private check-in after a circle meeting: theirs alone,
    pooled for anyone else only over the minimum group of people."""

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="checkins")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sharing_comfortable = models.PositiveSmallIntegerField(choices=SCALE)
    boundaries_respected = models.PositiveSmallIntegerField(choices=SCALE)
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_circle_checkin_each")
        ]

    def __str__(self) -> str:
        return f"Circle check-in {self.pk}"  # no names: it is private


class CircleNote(models.Model):
    """A person's notes on a circle meeting, shared with everyone in the
    circle (one per person and meeting, kept up to date)."""

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=10_000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["updated_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="one_circle_note_each")
        ]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.meeting_id}"


class CircleCommitment(models.Model):
    """Something a person in the circle said they would do before a date
    (in their own zone), in front of the others: the circle's ledger."""

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open")
        DONE = "done", gettext_lazy("Done")
        DROPPED = "dropped", gettext_lazy("Dropped")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="commitments")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300, validators=[validate_single_line])
    due_date = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_date", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_date < today

    def on_time(self) -> bool | None:
        """Done by the end of its due date in the owner's zone; None if not done."""
        if self.completed_at is None:
            return None
        done_on = self.completed_at.astimezone(zoneinfo.ZoneInfo(self.owner.timezone)).date()
        return done_on <= self.due_date


class CircleHealthSnapshot(models.Model):
    """A circle's health as the daily run computed it (kindred.circles.health),
    so the programme's list of circles reads every circle's at once. Comfort
    is in it only when pooled over the minimum group of people."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="health_snapshots")
    on = models.DateField()
    score = models.FloatField(null=True)
    contributors = models.JSONField(default=list)
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["-on", "circle"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "on"], name="one_circle_health_a_day")
        ]

    def __str__(self) -> str:
        return f"Health of circle {self.circle_id} on {self.on}"

    @property
    def reason_words(self) -> list[str]:
        """What needs attention, in the reader's language."""
        return said(self.reasons)

    @property
    def contributor_words(self) -> list[str]:
        """What pulls the score most, in the reader's language."""
        return said(self.contributors)
