"""Who may act on a programme: the named rules its write services call
before they write. `require_programme_manager` for a programme's settings,
matching and invitations; `require_org_admin` for what spans programmes.

Who may change a person's HR identity (name, title, level, department,
line manager, location) and enrol them is `identity_refusal`, the one home
of that rule.

An organisation admin, or an operator at the command line, may change
anyone. A programme manager runs one programme: they may add people who are
new to the organisation and update people already in their programme, but
never someone outside it (that would enrol them and open their profile to
the manager) and never an organisation admin. No import ever merges into an
account whose address its holder has not proved."""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import Forbidden, NotFound
from kindred.programs.models import Programme
from kindred.programs.selectors import can_manage, programmes_visible_to

OUTSIDE = gettext_noop(
    "This person belongs to the organisation, not to this programme: ask an organisation admin."
)
ADMIN = gettext_noop(
    "This person is an organisation admin: only an organisation admin can change them."
)
UNVERIFIED = gettext_noop(
    "An account with this address was never confirmed by its holder: they confirm it by "
    "resetting their password before it can be imported."
)


def identity_refusal(
    actor: User | None, person: User, *, programme_members: Collection[int]
) -> str:
    """Why `actor` may not update `person` by import, or "" when they may."""
    if not person.email_verified:
        return gettext(UNVERIFIED)
    if actor is None or actor.is_org_admin:
        return ""
    if person.is_org_admin:
        return gettext(ADMIN)
    if person.pk not in programme_members:
        return gettext(OUTSIDE)
    return ""


def require_programme_manager(
    actor: User | None, programme: Programme, doing: str, *, hide: bool = False
) -> None:
    """The programme's managers and organisation admins may `doing`, and
    the operator at the command line (`actor` None), who holds the database
    anyway; a web or API caller always passes the signed-in person. As on
    the programme's pages, a participant is told they may not and anyone
    else that there is no such programme; `hide` tells participants that
    too, for what they should not know exists (the question bank)."""
    if actor is None or can_manage(actor, programme):
        return
    if hide or not programmes_visible_to(actor).filter(pk=programme.pk).exists():
        raise NotFound(_("No such programme."))
    raise Forbidden(_("Only this programme's managers %(doing)s.") % {"doing": gettext(doing)})


def require_org_admin(actor: User, doing: str) -> None:
    if not actor.is_org_admin:
        raise Forbidden(_("Only organisation admins %(doing)s.") % {"doing": gettext(doing)})
