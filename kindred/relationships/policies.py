"""Who may act on a relationship: the named rules every write service in
the layers above calls before it writes (views and the API carry none)."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import Forbidden, NotFound
from kindred.programs.selectors import can_manage
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import side_of


def require_pair_member(user: User, relationship: Relationship, doing: str) -> str:
    """The person's side of the pair; anyone else is refused, told who may
    `doing` (e.g. "arrange its meetings")."""
    side = side_of(user, relationship)
    if side is None:
        raise Forbidden(
            _("Only the two people in the relationship %(doing)s.") % {"doing": gettext(doing)}
        )
    return side


def require_pair_member_unseen(actor: User, relationship: Relationship) -> str:
    """As `require_pair_member`, for what must not reveal the relationship
    exists (a concern report): anyone else is told there is no such thing."""
    side = side_of(actor, relationship)
    if side is None:
        raise NotFound(_("No such relationship."))
    return side


def require_pair_or_manager(actor: User, relationship: Relationship, doing: str) -> None:
    """The pair, the programme's managers and organisation admins (who
    handle concerns in any programme) may `doing`; anyone else is refused."""
    if side_of(actor, relationship) is None and not can_manage(actor, relationship.programme):
        raise Forbidden(
            _("Only the pair and the programme's managers %(doing)s.") % {"doing": gettext(doing)}
        )
