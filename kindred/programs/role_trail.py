"""The audit trail of programme roles (membership, manager): logged at the
model, whoever changes them (kindred.audit.watch)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from kindred.accounts.models import User
from kindred.audit.services import Action, record
from kindred.audit.watch import may_change
from kindred.programs.models import Membership, Programme


@receiver(pre_save, sender=Membership)
def _remember_role(
    sender: Any, instance: Membership, update_fields: Any = None, **kwargs: Any
) -> None:
    before = None
    if may_change(instance, update_fields, ("role",)):
        before = Membership.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
    instance._role_before = before  # type: ignore[attr-defined]


@receiver(post_save, sender=Membership)
def _log_membership(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_role_before", None)
    if created:
        detail = f"joined as {instance.role}"
    elif before is not None and before != instance.role:
        detail = f"role {before} → {instance.role}"
    else:
        return
    record(Action.ROLE_CHANGE, subject=instance.user, programme=instance.programme, detail=detail)


@receiver(post_delete, sender=Membership)
def _log_leaving(sender: Any, instance: Membership, **kwargs: Any) -> None:
    record(
        Action.ROLE_CHANGE,
        subject=instance.user,
        programme=instance.programme,
        detail=f"left (was {instance.role})",
    )


@receiver(m2m_changed, sender=Programme.managers.through)
def _log_managers(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, reverse: bool, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    verb = "made a manager" if action == "post_add" else "no longer a manager"
    if reverse:  # user.managed_programmes.add(programme)
        pairs = [(instance, p) for p in Programme.objects.filter(pk__in=pk_set)]
    else:
        pairs = [(u, instance) for u in User.objects.filter(pk__in=pk_set)]
    for user, programme in pairs:
        record(Action.ROLE_CHANGE, subject=user, programme=programme, detail=verb)
