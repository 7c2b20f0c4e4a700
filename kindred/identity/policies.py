"""Who may configure how the organisation signs in: organisation admins,
who see every programme (a programme manager runs one programme and must
not decide who the organisation's people are)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.programs.policies import require_org_admin


def require_identity_admin(actor: User) -> None:
    require_org_admin(actor, gettext_noop("configure identity providers"))
