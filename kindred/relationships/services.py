"""Writes for relationships. Creating one is where mentor capacity is
enforced, inside the caller's transaction, with the mentor's membership row
locked so that simultaneous accepts queue up instead of overfilling."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from kindred.accounts.models import User
from kindred.lib.errors import Conflict
from kindred.programs.models import Membership, Programme, Role
from kindred.relationships.models import Relationship


def mentor_capacity(membership: Membership) -> int:
    if membership.capacity is not None:
        return membership.capacity
    return membership.programme.mentor_capacity_default


def relationship_start(
    *, programme: Programme, mentor: User, mentee: User, source: str
) -> Relationship:
    """Must run inside a transaction (the caller's decision and this are one)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("relationship_start must run inside a transaction")
    membership = (
        Membership.objects.select_for_update()
        .select_related("programme")
        .filter(programme=programme, user=mentor, role=Role.MENTOR)
        .first()
    )
    if membership is None:
        raise Conflict("This mentor is no longer in the programme.")
    active = Relationship.objects.filter(
        programme=programme, mentor=mentor, status=Relationship.Status.ACTIVE
    ).count()
    if active >= mentor_capacity(membership):
        raise Conflict(f"{mentor.display_name} has no room for another mentee right now.")
    try:
        with transaction.atomic():
            return Relationship.objects.create(
                programme=programme, mentor=mentor, mentee=mentee, source=source
            )
    except IntegrityError as exc:
        raise Conflict("This mentee already has an active mentor in the programme.") from exc
