"""What profiles contribute to the home (kindred.pages): how far the
person's intake has gone, and its next step."""

from __future__ import annotations

from typing import Any

from kindred.lib.panels import View, panel
from kindred.profiles.selectors import intake_state_of, next_intake_step
from kindred.programs.selectors import memberships_of


def in_a_programme(view: View) -> bool:
    return bool(view.once(memberships_of, view.viewer))


@panel("home", "intake", template="profiles/panels/intake.html", order=10, visible=in_a_programme)
def intake(view: View) -> dict[str, Any]:
    profile = intake_state_of(view.viewer)
    return {"profile": profile, "next_step": next_intake_step(profile)}
