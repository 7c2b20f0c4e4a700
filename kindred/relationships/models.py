"""A mentoring relationship between a mentor and a mentee in a programme.
Matching creates it; the relationships capability grows it (agreement,
meetings, lifecycle)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.lib.phrases import word
from kindred.lib.text import validate_single_line


class Relationship(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_lazy("Proposed")
        ACTIVE = "active", gettext_lazy("Active")
        PAUSED = "paused", gettext_lazy("Paused")
        COMPLETED = "completed", gettext_lazy("Completed")
        ENDED_EARLY = "ended_early", gettext_lazy("Ended early")

    class Source(models.TextChoices):
        MATCHING = "matching", gettext_lazy("Programme matching")
        REQUEST = "request", gettext_lazy("Mentee's request")
        BOOKING = "booking", gettext_lazy("After an office-hours conversation")

    # Still going: not completed and not ended early.
    OPEN = (Status.PROPOSED, Status.ACTIVE, Status.PAUSED)

    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.CASCADE, related_name="relationships"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentored_by"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(max_length=10, choices=Source.choices)
    # Two peers (a peer programme): no mentor side, and each may be in as
    # many pairs as their capacity; "mentor" and "mentee" only name the two.
    peer = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(max_length=500, blank=True)

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
                condition=Q(status="active", peer=False),
                name="one_active_mentor_per_mentee",
            ),
        ]
        indexes = [models.Index(fields=["programme", "mentor", "status"])]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.mentee}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_paused(self) -> bool:
        return self.status == self.Status.PAUSED

    @property
    def is_running(self) -> bool:
        """Active or paused: its people still talk and can be paused or ended."""
        return self.status in (self.Status.ACTIVE, self.Status.PAUSED)

    @property
    def is_over(self) -> bool:
        """Completed or ended early: nothing more is arranged in it."""
        return self.status in (self.Status.COMPLETED, self.Status.ENDED_EARLY)


class RelationshipEvent(models.Model):
    """The relationship's history: every change of state, who made it and why."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status}"

    @property
    def from_words(self) -> str:
        return _status_words(self.from_status) if self.from_status else _("started")

    @property
    def to_words(self) -> str:
        return _status_words(self.to_status)

    @property
    def note_words(self) -> str:
        """A note Kindred wrote (how the relationship began, a leaver's) in
        the reader's language; a person's own note as they wrote it."""
        if self.note in Relationship.Source.values:
            return str(Relationship.Source(self.note).label)
        return word(self.note)


def _status_words(code: str) -> str:
    return str(Relationship.Status(code).label) if code in Relationship.Status.values else code


class Agreement(models.Model):
    """The engagement agreement (rules of engagement), one row per version.
    A version binds once both have signed it; any change is a new version."""

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", gettext_lazy("Weekly")
        FORTNIGHTLY = "fortnightly", gettext_lazy("Every two weeks")
        MONTHLY = "monthly", gettext_lazy("Monthly")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="agreements"
    )
    version = models.PositiveSmallIntegerField()
    cadence = models.CharField(max_length=12, choices=Cadence.choices)
    session_minutes = models.PositiveSmallIntegerField()
    sync_channels = models.JSONField(default=list)  # in order of preference
    video_link = models.URLField(blank=True, max_length=300)
    async_channels = models.JSONField(default=list)
    reply_within_hours = models.PositiveSmallIntegerField()
    mentor_off_limits = models.TextField(blank=True, max_length=1000)
    mentee_off_limits = models.TextField(blank=True, max_length=1000)
    objectives = models.TextField(max_length=3000)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    mentor_signed_at = models.DateTimeField(null=True, blank=True)
    mentee_signed_at = models.DateTimeField(null=True, blank=True)

    # Each term as the agreement's page names it (the same words as its form).
    TERMS = {
        "cadence": gettext_lazy("How often you meet"),
        "session_minutes": gettext_lazy("Session length"),
        "sync_channels": gettext_lazy("Ways to meet live"),
        "video_link": gettext_lazy("Video link (if you meet by video)"),
        "async_channels": gettext_lazy("Written channels"),
        "reply_within_hours": gettext_lazy("We reply to each other within"),
        "mentor_off_limits": gettext_lazy("Hours off limits for the mentor"),
        "mentee_off_limits": gettext_lazy("Hours off limits for the mentee"),
        "objectives": gettext_lazy("What we want from this relationship"),
    }

    class Meta:
        ordering = ["relationship", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "version"], name="one_agreement_version"
            )
        ]

    def __str__(self) -> str:
        return f"Agreement v{self.version} of {self.relationship}"

    @property
    def is_signed(self) -> bool:
        return self.mentor_signed_at is not None and self.mentee_signed_at is not None


class Objective(models.Model):
    """A shared objective for the relationship, with progress either side updates."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(max_length=120, validators=[validate_single_line])
    why = models.TextField(max_length=1000, blank=True)
    measures = models.TextField(max_length=1000, blank=True)  # how we will know
    target_date = models.DateField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, the latest update's
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class ObjectiveUpdate(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="updates")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    progress = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.objective_id}: {self.progress}%"


class SkillRating(models.Model):
    """Where the mentee stands in one of the pair's objectives (1, just
    starting, to 7, strong), in one person's view: the mentee's own or the
    mentor's, at the start of the relationship or at its end. Private to
    its author: the partner never sees it, and anyone else only the change
    pooled over five or more people (kindred.outcomes)."""

    class Moment(models.TextChoices):
        START = "start", gettext_lazy("At the start")
        END = "end", gettext_lazy("At the end")

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    moment = models.CharField(max_length=5, choices=Moment.choices)
    rating = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "rater", "moment"], name="one_rating_a_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.moment} rating of {self.objective_id} by {self.rater_id}"


class CloseOut(models.Model):
    """One person's close-out of a relationship that ended (or whose
    programme is ending): what changed, whether they would recommend the
    programme and mentor next time, and why it ended early where it did.
    Private to its author; managers see only shares pooled over five or
    more people, and never what anyone wrote."""

    class Again(models.TextChoices):
        YES = "yes", gettext_lazy("Yes")
        MAYBE = "maybe", gettext_lazy("Maybe")
        NO = "no", gettext_lazy("No")

    class EarlyEnd(models.TextChoices):
        TIME = "time", gettext_lazy("Not enough time")
        FIT = "fit", gettext_lazy("We were not a good fit")
        GOALS_MET = "goals_met", gettext_lazy("We reached our goals early")
        LEFT = "left", gettext_lazy("One of us changed role or left")
        OTHER = "other", gettext_lazy("Something else")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="close_outs"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    what_changed = models.TextField(max_length=2000, blank=True)
    recommend = models.BooleanField()
    mentor_next = models.CharField(max_length=5, choices=Again.choices)
    ended_early_why = models.CharField(max_length=10, choices=EarlyEnd.choices, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["relationship", "person"], name="one_close_out_each")
        ]

    def __str__(self) -> str:
        return f"close-out of {self.relationship_id} by {self.person_id}"
