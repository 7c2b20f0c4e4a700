"""Mentor development: each person's progress through the practice
modules, what each programme requires of them and adds to a module, and
the competence self-assessments a mentor takes over time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kindred.lib.languages import reader_text


class ModuleProgress(models.Model):
    """One person's progress through one module. Kept per person, not per
    programme: someone who mentors in two programmes does a module once."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.CharField(max_length=20)
    started_at = models.DateTimeField(default=timezone.now)
    scenario_choice = models.CharField(max_length=20, blank=True)
    scenario_answered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "module"], name="one_progress_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.module}"


class Requirement(models.TextChoices):
    NONE = "", gettext_lazy("Not required")
    BEFORE_MATCHING = "before_matching", gettext_lazy("Before matching")
    FIRST_MONTH = "first_month", gettext_lazy("In the first month of a relationship")


class RequiredOf(models.TextChoices):
    MENTORS = "mentors", gettext_lazy("Mentors")
    MENTEES = "mentees", gettext_lazy("Mentees")
    EVERYONE = "everyone", gettext_lazy("Mentors and mentees")


class ProgrammeModule(models.Model):
    """What a programme asks of a module: whether it is required, when and
    of whom, and the programme's own note shown with it."""

    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.CASCADE, related_name="modules"
    )
    module = models.CharField(max_length=20)
    requirement = models.CharField(
        max_length=16, choices=Requirement.choices, blank=True, default=Requirement.NONE
    )
    required_of = models.CharField(
        max_length=8, choices=RequiredOf.choices, default=RequiredOf.MENTORS
    )
    note = models.TextField(blank=True, max_length=2000)
    # The note in other languages: {language: text}.
    note_translations = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "module"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "module"], name="one_setting_per_programme_module"
            )
        ]

    def __str__(self) -> str:
        return f"{self.module} in {self.programme_id}"

    @property
    def reader_note(self) -> str:
        return reader_text(self.note, self.note_translations)

    def applies_to(self, role: str) -> bool:
        return self.required_of == RequiredOf.EVERYONE or self.required_of == f"{role}s"


class SelfAssessment(models.Model):
    """A mentor's ratings of their own skill, private to them. Programme
    managers see only aggregates over at least five mentors."""

    class Moment(models.TextChoices):
        BEFORE = "before", gettext_lazy("Before the first meeting")
        DURING = "during", gettext_lazy("During mentoring")
        END = "end", gettext_lazy("At the end")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessments"
    )
    moment = models.CharField(max_length=8, choices=Moment.choices)
    answers = models.JSONField()
    areas = models.JSONField()  # area -> mean 1-7
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person", "submitted_at", "id"]
        indexes = [models.Index(fields=["person", "submitted_at"])]

    def __str__(self) -> str:
        return f"Self-assessment {self.pk}"  # no names: it is private
