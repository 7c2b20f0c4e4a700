"""The audit trail of account flags (organisation admin, staff, active):
logged at the model, whoever changes them (kindred.audit.watch)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from kindred.accounts.models import User
from kindred.audit.services import Action, record
from kindred.audit.watch import may_change

ACCOUNT_FLAGS = ("is_org_admin", "is_staff", "is_superuser", "is_active")


@receiver(pre_save, sender=User)
def _remember_flags(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    before = None
    if may_change(instance, update_fields, ACCOUNT_FLAGS):
        before = User.objects.filter(pk=instance.pk).values(*ACCOUNT_FLAGS).first()
    instance._flags_before = before  # type: ignore[attr-defined]


@receiver(post_save, sender=User)
def _log_flag_changes(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_flags_before", None)
    if created:
        granted = [f for f in ACCOUNT_FLAGS[:3] if getattr(instance, f)]
        if granted:
            detail = "created with " + ", ".join(granted)
            record(Action.ROLE_CHANGE, subject=instance, detail=detail)
        return
    if before is None:
        return
    changes = [
        f"{flag} {'on' if getattr(instance, flag) else 'off'}"
        for flag in ACCOUNT_FLAGS
        if before[flag] != getattr(instance, flag)
    ]
    if changes:
        record(Action.ROLE_CHANGE, subject=instance, detail=", ".join(changes))
