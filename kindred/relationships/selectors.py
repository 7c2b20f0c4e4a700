"""Reads for relationships. The pair sees everything of theirs; programme
managers (and admins) see the relationship, its status and its agreement;
anyone else is told it does not exist."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kindred.accounts.models import User
from kindred.lib.errors import Forbidden, NotFound
from kindred.programs.selectors import programmes_managed_by
from kindred.relationships.models import Relationship


def relationships_visible_to(user: User) -> QuerySet[Relationship]:
    return Relationship.objects.filter(
        Q(mentor=user) | Q(mentee=user) | Q(programme__in=programmes_managed_by(user))
    ).select_related("mentor", "mentee", "programme")


def relationship_for_viewer(
    user: User, relationship_id: int, *, with_profiles: bool = False
) -> Relationship:
    """The relationship if `user` may see it; `with_profiles` reads both
    people's profiles in the same query, for a page that shows their
    boundaries and suggests times."""
    visible = relationships_visible_to(user)
    if with_profiles:
        visible = visible.select_related("mentor__profile", "mentee__profile")
    relationship = visible.filter(pk=relationship_id).first()
    if relationship is None:
        raise NotFound("No such relationship.")
    return relationship


def in_pair(user: User, relationship: Relationship) -> bool:
    return side_of(user, relationship) is not None


def side_of(user: User, relationship: Relationship) -> str | None:
    """ "mentor" or "mentee" for the two people in the relationship, else None."""
    if user.pk == relationship.mentor_id:
        return "mentor"
    if user.pk == relationship.mentee_id:
        return "mentee"
    return None


def relationship_for_pair(
    user: User, relationship_id: int, *, with_profiles: bool = False
) -> Relationship:
    """The relationship, for one of its two people only: its conversation,
    notes, guide and objectives do not exist for anyone else."""
    relationship = relationship_for_viewer(user, relationship_id, with_profiles=with_profiles)
    if not in_pair(user, relationship):
        raise NotFound("No such relationship.")
    return relationship


def partner_of(user: User, relationship: Relationship) -> User:
    """The other person of the pair (the mentor for anyone not in it)."""
    return relationship.mentee if user.pk == relationship.mentor_id else relationship.mentor


def require_pair(user: User, relationship: Relationship, doing: str) -> str:
    """The person's side of the pair; anyone else is refused, told who may
    `doing` (e.g. "arrange its meetings")."""
    side = side_of(user, relationship)
    if side is None:
        raise Forbidden(f"Only the two people in the relationship {doing}.")
    return side
