"""Role changes are logged wherever they happen (a service, an invitation,
the Django admin, a shell), so they are caught at the model rather than in
each caller; each app that owns a role watches its own models
(kindred.accounts.role_trail, kindred.programs.role_trail). Bulk writes
bypass signals: the people import logs its own."""

from __future__ import annotations

from typing import Any


def may_change(instance: Any, update_fields: Any, watched: tuple[str, ...]) -> bool:
    """Whether this save could change a watched field, so the common saves
    (every sign-in updates last_login) cost no extra query."""
    if instance.pk is None:
        return False
    return update_fields is None or any(name in update_fields for name in watched)
