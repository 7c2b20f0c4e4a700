from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kindred.engines.matching import Weights
from kindred.lib.phrases import shown
from kindred.profiles.models import Demographics

DEFAULT_WEIGHTS = Weights()


def weight_field(default: float) -> models.FloatField:
    return models.FloatField(
        default=default, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )


def default_audited() -> list[str]:
    return list(Demographics.FIELDS)


HR_MIXES = [("department", gettext_lazy("Department")), ("location", gettext_lazy("Location"))]
DEMOGRAPHIC_MIXES = [
    ("gender", gettext_lazy("Gender (self-identified; needs the opt-in)")),
    ("age_band", gettext_lazy("Age band (self-identified; needs the opt-in)")),
    ("ethnicity", gettext_lazy("Ethnicity (self-identified; needs the opt-in)")),
    ("disability", gettext_lazy("Disability (self-identified; needs the opt-in)")),
    ("caregiver", gettext_lazy("Caregiver (self-identified; needs the opt-in)")),
    (
        "first_generation_professional",
        gettext_lazy("First generation professional (self-identified; needs the opt-in)"),
    ),
]
MIX_CHOICES = [
    ("", gettext_lazy("Do not mix (compatibility only)")),
    *HR_MIXES,
    *DEMOGRAPHIC_MIXES,
]


class MatchingSettings(models.Model):
    """A programme's matching rules. Weights are relative; they need not sum to 1."""

    programme = models.OneToOneField(
        "programs.Programme", on_delete=models.CASCADE, related_name="matching_settings"
    )
    weight_values = weight_field(DEFAULT_WEIGHTS.values)
    weight_personality = weight_field(DEFAULT_WEIGHTS.personality)
    weight_meaning = weight_field(DEFAULT_WEIGHTS.meaning)
    weight_fit = weight_field(DEFAULT_WEIGHTS.fit)
    weight_logistics = weight_field(DEFAULT_WEIGHTS.logistics)
    min_overlap_hours = models.FloatField(
        default=2.0, validators=[MinValueValidator(0), MaxValueValidator(40)]
    )
    allow_same_department = models.BooleanField(default=True)
    min_level_gap = models.PositiveSmallIntegerField(null=True, blank=True)
    audited_attributes = models.JSONField(default=default_audited)
    self_match = models.BooleanField(
        default=True,
        help_text=gettext_lazy("Mentees may browse suggestions and ask a mentor themselves."),
    )
    # Circles programmes: how formation shapes each circle.
    circle_size = models.PositiveSmallIntegerField(
        gettext_lazy("Most members in a circle"),
        default=6,
        validators=[MinValueValidator(3), MaxValueValidator(8)],
    )
    circle_min_size = models.PositiveSmallIntegerField(
        gettext_lazy("Fewest members for a circle to be formed"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(8)],
    )
    diversity_by = models.CharField(
        gettext_lazy("Mix members by"),
        max_length=40,
        blank=True,
        choices=MIX_CHOICES,
        help_text=gettext_lazy(
            "Backgrounds from the HR record; a self-identified characteristic only "
            "if the programme opts in below."
        ),
    )
    # A demographic may shape circles only by the programme's own decision,
    # recorded here and in every run's rules.
    balance_opt_in = models.BooleanField(
        gettext_lazy(
            "The programme opts in to balancing circles by a self-identified characteristic"
        ),
        default=False,
        help_text=gettext_lazy(
            "Only with the agreement of its people. Answers are optional: someone "
            "who preferred not to say is placed on compatibility alone, and no one "
            "sees anyone's answer."
        ),
    )
    diversity_weight = models.FloatField(
        gettext_lazy("Weight of a mix of backgrounds"),
        default=0.0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=gettext_lazy(
            "Added to a circle's score for each distinct background among its "
            "members; a match score is between 0 and 1."
        ),
    )

    class Meta:
        verbose_name_plural = "matching settings"

    def __str__(self) -> str:
        return f"Matching settings of {self.programme}"

    def weights(self) -> Weights:
        return Weights(
            values=self.weight_values,
            personality=self.weight_personality,
            meaning=self.weight_meaning,
            fit=self.weight_fit,
            logistics=self.weight_logistics,
        )


class MatchRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Queued")
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.CASCADE, related_name="match_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    # What the background run is doing, kept as a phrase (kindred.lib.phrases).
    progress_note = models.CharField(max_length=400, blank=True)
    # Everything needed to reproduce the run.
    settings = models.JSONField(default=dict)
    engine_version = models.CharField(max_length=20, blank=True)
    input_hash = models.CharField(max_length=64, blank=True)
    text_method = models.CharField(max_length=10, blank=True)
    # Results.
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    mentees_considered = models.PositiveIntegerField(default=0)
    mentors_considered = models.PositiveIntegerField(default=0)
    feasible_pairs = models.PositiveBigIntegerField(default=0)
    certificate_rounds = models.PositiveSmallIntegerField(default=0)
    # Set when the search reached a budget before proving its assignment
    # ("time", "memory" or "rounds"): the run is then the best found.
    stopped = models.CharField(max_length=10, blank=True)
    more_matchable = models.PositiveIntegerField(default=0)  # at most this many more matches
    timings = models.JSONField(default=dict)
    unmatched = models.JSONField(default=list)
    audit = models.JSONField(default=list)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Matching run {self.pk} of {self.programme}"

    @property
    def progress_words(self) -> str:
        """What the run is doing, in the reader's language."""
        return shown(self.progress_note)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def certified(self) -> bool:
        """Proven optimal: no assignment matches more people or scores higher."""
        return self.status == self.Status.DONE and not self.stopped and self.gap == 0

    @property
    def possible_improvement(self) -> float:
        """By how much the total compatibility could at most rise."""
        if self.bound is None or self.objective is None:
            return 0.0
        return max(self.bound - self.objective, 0.0)


class Decision(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting")
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    DECLINED = "declined", gettext_lazy("Declined")


class Proposal(models.Model):
    """A proposed pair from a run. After publication each side decides;
    when both accept, a relationship starts."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        PUBLISHED = "published", gettext_lazy("Waiting for answers")
        ACCEPTED = "accepted", gettext_lazy("Accepted by both")
        DECLINED = "declined", gettext_lazy("Declined")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
        FORMED = "formed", gettext_lazy("In a circle")  # a circles programme's run, published

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    components = models.JSONField(default=dict)
    contributions = models.JSONField(default=dict)
    overlap_hours = models.FloatField(default=0)
    mentee_reasons = models.JSONField(default=list)  # explanation addressed to the mentee
    mentor_reasons = models.JSONField(default=list)  # and to the mentor
    pinned = models.BooleanField(default=False)
    # A pair a manager made by hand (a swap) that breaks a matching rule:
    # kept, because they may want it, and flagged on the review.
    breaks_rule = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    mentee_decision = models.CharField(
        max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    mentor_decision = models.CharField(
        max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decline_reason = models.CharField(max_length=500, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    relationship = models.OneToOneField(
        "relationships.Relationship", on_delete=models.SET_NULL, null=True, blank=True
    )
    # Two peers (a peer programme): someone with room for two pairs is in two.
    peer = models.BooleanField(default=False)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee"], condition=Q(peer=False), name="one_proposal_per_mentee"
            )
        ]
        indexes = [
            models.Index(fields=["mentee", "status"]),
            models.Index(fields=["mentor", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} for {self.mentee} ({self.score:.2f})"

    @property
    def is_waiting(self) -> bool:
        """Published and waiting for both people's answers."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED


class Exclusion(models.Model):
    """A pair the manager ruled out: never proposed again in this programme."""

    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.CASCADE, related_name="match_exclusions"
    )
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee", "mentor"], name="one_exclusion_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} never with {self.mentee}"


class MentorRequest(models.Model):
    """Self-match: a mentee asks one mentor at a time."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Waiting for the mentor")
        ACCEPTED = "accepted", gettext_lazy("Accepted")
        DECLINED = "declined", gettext_lazy("Declined")
        EXPIRED = "expired", gettext_lazy("Expired")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    NUDGE_AFTER_DAYS = 7
    EXPIRE_AFTER_DAYS = 14

    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.CASCADE, related_name="mentor_requests"
    )
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(blank=True, max_length=1000)
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list)  # addressed to the mentor
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    nudged_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    relationship = models.OneToOneField(
        "relationships.Relationship", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=models.Q(status="pending"),
                name="one_open_request_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee} asks {self.mentor}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
