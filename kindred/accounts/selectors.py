from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kindred.accounts.models import ApiToken, User
from kindred.lib.errors import NotFound


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return user.api_tokens.order_by("revoked_at", "-created_at")


def person_to_erase(actor: User, person_id: int) -> User:
    """Someone an organisation admin may erase; to anyone else, and for an
    account already gone, there is no such person."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if not actor.is_org_admin or person is None:
        raise NotFound(_("No such person."))
    return person
