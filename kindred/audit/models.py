"""The organisation's audit log: every sensitive read and change, kept
append-only so it can answer "who saw or changed this, and when" even after
a person's data has been erased."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kindred.lib.models import AppendOnlyModel


class AuditEvent(AppendOnlyModel):
    class Action(models.TextChoices):
        DEMOGRAPHICS_READ = "demographics.read", gettext_lazy("Demographics read")
        DEMOGRAPHICS_CHANGE = "demographics.change", gettext_lazy("Demographics changed")
        CASE_READ = "case.read", gettext_lazy("Concern case read")
        CASE_CHANGE = "case.change", gettext_lazy("Concern case changed")
        ROLE_CHANGE = "role.change", gettext_lazy("Role changed")
        EXPORT = "export", gettext_lazy("Data exported")
        PERSON_EXPORT = "person.export", gettext_lazy("Own data downloaded")
        PERSON_ERASE = "person.erase", gettext_lazy("Person erased")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=24, choices=Action.choices, db_index=True)
    # The labels keep the log readable once a person is erased (the links
    # then point at the anonymised account, and the labels are rewritten).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject_label = models.CharField(max_length=200, blank=True)
    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    target = models.CharField(max_length=80, blank=True, help_text=gettext_lazy("e.g. case 12"))
    detail = models.CharField(max_length=300, blank=True)
    channel = models.CharField(
        max_length=16, blank=True, help_text=gettext_lazy("web, api, admin or system")
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor_label or 'system'}"
