"""What mentor development contributes to the home (kindred.pages): the
practice modules the person's programmes still ask of them."""

from __future__ import annotations

from typing import Any

from kindred.development.requirements import required_of_person
from kindred.lib.panels import View, panel
from kindred.programs.selectors import memberships_of


@panel("home", "required-modules", template="development/panels/required.html", order=20)
def required_modules(view: View) -> dict[str, Any] | None:
    memberships = view.once(memberships_of, view.viewer)
    if not memberships:
        return None
    roles = {m.programme_id: m.role for m in memberships}
    required = required_of_person(view.viewer, now=view.now, roles=roles)
    outstanding = [r for r in required if not r.done]
    return {"required_modules": outstanding} if outstanding else None
