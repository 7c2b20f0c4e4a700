"""Progressive conversation guides: a question bank (Kindred's own, plus
programme and pair additions) and which questions each pair has used."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from kindred.lib.languages import reader_text


class Question(models.Model):
    """A shared question (no programme, no relationship), a programme's own
    (its managers add, edit and retire them) or a pair's own."""

    class Level(models.IntegerChoices):
        BACKGROUND = 1, gettext_lazy("Background and role")
        VALUES = 2, gettext_lazy("Values and motivations")
        EXPERIENCES = 3, gettext_lazy("Experiences, challenges and feelings")
        DREAMS = 4, gettext_lazy("Life and career dreams")

    level = models.PositiveSmallIntegerField(choices=Level.choices)
    text = models.CharField(max_length=300)
    tags = models.JSONField(default=list, blank=True)
    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    relationship = models.ForeignKey(
        "relationships.Relationship",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    retired = models.BooleanField(default=False)
    # A programme's own question in other languages: {language: text}.
    translations = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["level", "id"]

    def __str__(self) -> str:
        return f"L{self.level}: {self.text[:60]}"

    @property
    def reader_text(self) -> str:
        if self.programme_id is None and self.relationship_id is None:
            # Kindred's own bank: its words are in the catalogues (bank.py).
            return gettext(self.text)
        return reader_text(self.text, self.translations)


class QuestionUse(models.Model):
    """A question the pair asked or skipped (once per pair)."""

    class Outcome(models.TextChoices):
        ASKED = "asked", gettext_lazy("Asked")
        SKIPPED = "skipped", gettext_lazy("Skipped")

    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="question_uses"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["relationship", "question"], name="question_used_once")
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id}: {self.question_id} {self.outcome}"
