"""Role changes are logged wherever they happen (a service, an invitation,
the Django admin, a shell), so they are caught at the model rather than in
each caller. Bulk writes bypass signals: the people import logs its own."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from kindred.accounts.models import User
from kindred.audit.services import Action, record
from kindred.programs.models import Membership, Programme

ACCOUNT_FLAGS = ("is_org_admin", "is_staff", "is_superuser", "is_active")


def _may_change(instance: Any, update_fields: Any, watched: tuple[str, ...]) -> bool:
    """Whether this save could change a watched field, so the common saves
    (every sign-in updates last_login) cost no extra query."""
    if instance.pk is None:
        return False
    return update_fields is None or any(name in update_fields for name in watched)


@receiver(pre_save, sender=User)
def _remember_flags(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    before = None
    if _may_change(instance, update_fields, ACCOUNT_FLAGS):
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


@receiver(pre_save, sender=Membership)
def _remember_role(
    sender: Any, instance: Membership, update_fields: Any = None, **kwargs: Any
) -> None:
    before = None
    if _may_change(instance, update_fields, ("role",)):
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
