"""Reading the audit log: organisation admins only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kindred.audit.models import AuditEvent
from kindred.lib.errors import NotFound

if TYPE_CHECKING:
    from kindred.accounts.models import User


def require_org_admin(user: User) -> None:
    # Others are told there is nothing here, as for any page they may not know of.
    if not user.is_org_admin:
        raise NotFound(_("We could not find that page."))


def audit_events(viewer: User, *, action: str = "", person: str = "") -> QuerySet[AuditEvent]:
    require_org_admin(viewer)
    events = AuditEvent.objects.select_related("programme")
    if action:
        events = events.filter(action=action)
    if person:
        named = Q(subject_label__icontains=person) | Q(actor_label__icontains=person)
        events = events.filter(named)
    return events
