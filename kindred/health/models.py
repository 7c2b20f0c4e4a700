"""Pulse-survey answers (private to the respondent) and daily health
snapshots per relationship (the score, its parts and any risks), which
give the trend and feed the programme dashboard."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from kindred.lib.phrases import said


class SurveyResponse(models.Model):
    """One person's answers in one survey round of a relationship. Never
    shown to the partner, nor whether it exists; managers see aggregates."""

    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="+"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=6)  # mentee or mentor: which version was answered
    round_day = models.PositiveSmallIntegerField()  # days after the start it was due
    answers = models.JSONField()
    scales = models.JSONField()  # ingredient -> mean 1-7
    # The same means as columns, so the dashboard averages them in the database.
    commitment = models.FloatField(null=True)
    trust = models.FloatField(null=True)
    quality = models.FloatField(null=True)
    competence = models.FloatField(null=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["relationship", "round_day", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "respondent", "round_day"], name="one_answer_per_round"
            )
        ]
        indexes = [models.Index(fields=["relationship", "submitted_at"])]

    def __str__(self) -> str:
        return f"Survey answer {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        for ingredient in ("commitment", "trust", "quality", "competence"):
            setattr(self, ingredient, self.scales.get(ingredient))
        super().save(*args, **kwargs)


class HealthSnapshot(models.Model):
    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey("programs.Programme", on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    score = models.FloatField(null=True)  # null: no evidence yet
    components = models.JSONField(default=dict)
    contributors = models.JSONField(default=list)
    risks = models.JSONField(default=list)
    risk_count = models.PositiveSmallIntegerField(default=0)  # sorts the at-risk list
    at_risk = models.BooleanField(default=False)
    # What the pair themselves may see: behaviour only, so that neither can
    # work out the other's private survey or check-in answers from it.
    pair_score = models.FloatField(null=True)
    pair_contributors = models.JSONField(default=list)

    class Meta:
        ordering = ["relationship", "on"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "on"], name="one_snapshot_a_day")
        ]
        indexes = [
            models.Index(fields=["programme", "on"]),
            models.Index(fields=["programme", "on", "at_risk", "risk_count"]),
        ]

    def __str__(self) -> str:
        return f"Health of {self.relationship_id} on {self.on}"

    # Kept as phrases by the daily run; each reader reads them in their own
    # language (plain English stored before that is shown as it is).
    @property
    def risk_words(self) -> list[str]:
        return said(self.risks)

    @property
    def contributor_words(self) -> list[str]:
        return said(self.contributors)

    @property
    def pair_contributor_words(self) -> list[str]:
        return said(self.pair_contributors)


class ProgrammeInsight(models.Model):
    """The programme dashboard's charts as of the daily health run, so the
    unfiltered dashboard of a large programme reads one row; filtered views
    are computed live."""

    programme = models.ForeignKey("programs.Programme", on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    charts = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "on"], name="one_insight_a_day")
        ]

    def __str__(self) -> str:
        return f"Insight for {self.programme_id} on {self.on}"
