from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kindred.lib.text import validate_single_line

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    Choices = list[tuple[str, StrOrPromise]]


class Topic(models.Model):
    """The shared vocabulary for goals and skills. Topics without a programme
    belong to everyone; a programme manager may add topics to their programme."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("Goal")
        SKILL = "skill", _("Skill")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=80, validators=[validate_single_line])
    programme = models.ForeignKey(
        "programs.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
    )
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name", "programme"], name="unique_topic_per_programme"
            ),
            models.UniqueConstraint(
                fields=["kind", "name"],
                condition=models.Q(programme__isnull=True),
                name="unique_shared_topic",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IntakeStep(models.TextChoices):
    VALUES = "values", _("Work values")
    PERSONALITY = "personality", _("Personality")
    CALLING = "calling", _("Calling and goals")
    LOGISTICS = "logistics", _("Time and channels")
    BOUNDARIES = "boundaries", _("Boundaries")
    DEMOGRAPHICS = "demographics", _("About you (optional)")


REQUIRED_STEPS = (
    IntakeStep.VALUES,
    IntakeStep.PERSONALITY,
    IntakeStep.CALLING,
    IntakeStep.LOGISTICS,
    IntakeStep.BOUNDARIES,
)


class Profile(models.Model):
    """The deep-level profile: what matching compares instead of demographics."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    # Work values: {value key: 1-6}.
    values = models.JSONField(default=dict, blank=True)
    # TIPI answers in item order, 1-7, and the Big Five scored from them.
    tipi_answers = models.JSONField(default=list, blank=True)
    extraversion = models.FloatField(null=True, blank=True)
    agreeableness = models.FloatField(null=True, blank=True)
    conscientiousness = models.FloatField(null=True, blank=True)
    emotional_stability = models.FloatField(null=True, blank=True)
    openness = models.FloatField(null=True, blank=True)

    calling = models.TextField(blank=True, max_length=1500)
    career_dreams = models.TextField(blank=True, max_length=1500)
    goals = models.ManyToManyField(Topic, blank=True, related_name="+")
    skills_sought = models.ManyToManyField(Topic, blank=True, related_name="+")
    skills_offered = models.ManyToManyField(Topic, blank=True, related_name="+")

    # Weekly working windows in local time: [{"day": 0-6, "start": "HH:MM", "end": "HH:MM"}].
    working_windows = models.JSONField(default=list, blank=True)
    sync_channels = models.JSONField(default=list, blank=True)
    async_channels = models.JSONField(default=list, blank=True)

    quiet_hours = models.JSONField(null=True, blank=True)
    # [{"label", "days", "start", "end", "hard"}]; may cross midnight.
    boundary_blocks = models.JSONField(default=list, blank=True)
    topics_off_limits = models.JSONField(default=list, blank=True)
    camera_optional = models.BooleanField(default=False)

    # Sentence embedding of calling, dreams and goals (semantic extra), or null.
    text_embedding = models.JSONField(null=True, blank=True, editable=False)

    steps_done = models.JSONField(default=list, blank=True)
    # Seconds each step took the first time it was saved (from a signed time
    # in its form): how long the intake takes is measured, not guessed.
    step_seconds = models.JSONField(default=dict, blank=True)
    intake_completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["intake_completed_at"])]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def big_five(self) -> dict[str, float] | None:
        if self.openness is None:
            return None
        return {
            "extraversion": self.extraversion or 0.0,
            "agreeableness": self.agreeableness or 0.0,
            "conscientiousness": self.conscientiousness or 0.0,
            "emotional_stability": self.emotional_stability or 0.0,
            "openness": self.openness,
        }

    @property
    def intake_complete(self) -> bool:
        return self.intake_completed_at is not None

    @property
    def owns_logistics(self) -> bool:
        """The person confirmed their own time zone and languages: an HR
        import no longer overwrites them."""
        return IntakeStep.LOGISTICS in self.steps_done


PREFER_NOT: tuple[str, StrOrPromise] = ("prefer_not", _("Prefer not to say"))


class Demographics(models.Model):
    """Self-identified, optional, and never used for scoring. Read only
    through `kindred.profiles.selectors.demographics_read`, which audit-logs."""

    GENDER: Choices = [
        ("woman", _("Woman")),
        ("man", _("Man")),
        ("non_binary", _("Non-binary")),
        ("self_described", _("I describe myself another way")),
        PREFER_NOT,
    ]
    AGE_BAND: Choices = [
        ("under_25", _("Under 25")),
        ("25_34", "25-34"),
        ("35_44", "35-44"),
        ("45_54", "45-54"),
        ("55_plus", _("55 or over")),
        PREFER_NOT,
    ]
    ETHNICITY: Choices = [
        ("asian", _("Asian")),
        ("black", _("Black")),
        ("hispanic_latino", _("Hispanic or Latino")),
        ("middle_eastern_north_african", _("Middle Eastern or North African")),
        ("indigenous", _("Indigenous")),
        ("pacific_islander", _("Pacific Islander")),
        ("white", _("White")),
        ("multiple", _("Multiple ethnicities")),
        ("self_described", _("I describe myself another way")),
        PREFER_NOT,
    ]
    YES_NO: Choices = [("yes", _("Yes")), ("no", _("No")), PREFER_NOT]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demographics"
    )
    gender = models.CharField(max_length=20, choices=GENDER, blank=True)
    age_band = models.CharField(max_length=20, choices=AGE_BAND, blank=True)
    ethnicity = models.CharField(max_length=40, choices=ETHNICITY, blank=True)
    disability = models.CharField(max_length=20, choices=YES_NO, blank=True)
    caregiver = models.CharField(max_length=20, choices=YES_NO, blank=True)
    first_generation_professional = models.CharField(max_length=20, choices=YES_NO, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    FIELDS = (
        "gender",
        "age_band",
        "ethnicity",
        "disability",
        "caregiver",
        "first_generation_professional",
    )
    CHOICES: dict[str, Choices] = {
        "gender": GENDER,
        "age_band": AGE_BAND,
        "ethnicity": ETHNICITY,
        "disability": YES_NO,
        "caregiver": YES_NO,
        "first_generation_professional": YES_NO,
    }

    class Meta:
        verbose_name_plural = "demographics"

    def __str__(self) -> str:
        return f"Demographics #{self.pk}"

    @classmethod
    def answers_for(cls, field: str) -> list[str]:
        return [key for key, _ in cls.CHOICES[field]]


class TimeOff(models.Model):
    """Dated changes to someone's weekly windows, on their own local dates:
    away altogether (no hours) or different hours those days (a school
    holiday, a conference, leave). Scheduling reads them as overrides."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_off"
    )
    first_day = models.DateField()
    last_day = models.DateField()
    hours = models.JSONField(default=list, blank=True)  # [["HH:MM", "HH:MM"]]; empty = away
    note = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["first_day", "id"]
        indexes = [models.Index(fields=["user", "last_day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="time_off_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.first_day}..{self.last_day}"

    @property
    def away(self) -> bool:
        return not self.hours
