"""Who may act on a calendar connection: its owner, and nobody else (not a
partner, not a manager, not an organisation admin: a person's calendar is
theirs, and others see only that a time is busy)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.calendars.models import CalendarConnection
from kindred.lib.errors import NotFound


def require_owner(actor: User, connection: CalendarConnection) -> None:
    if connection.owner_id != actor.pk:
        raise NotFound(_("No such calendar."))  # others may not learn it exists
