"""What safety contributes to the relationship workspace (kindred.pages):
the private check-ins due after the pair's meetings."""

from __future__ import annotations

from typing import Any

from kindred.lib.panels import View, panel
from kindred.programs.panels import manages
from kindred.relationships.panels import pair_only
from kindred.safety.selectors import checkins_due, comfort_summary, open_case_count


@panel(
    "relationship", "checkins", template="safety/panels/checkins.html", order=40, visible=pair_only
)
def checkins(view: View) -> dict[str, Any] | None:
    due = checkins_due(view.viewer, view.subject, now=view.now)
    return {"checkins_due": due} if due else None


@panel("programme", "safety", template="safety/panels/programme.html", order=30, visible=manages)
def programme_safety(view: View) -> dict[str, Any]:
    """Pooled comfort check-ins, and the concern reports for those who handle them."""
    programme, user = view.subject, view.viewer
    return {
        "comfort": comfort_summary(programme),
        "open_cases": open_case_count(user, programme),
        "is_case_manager": programme.managers.filter(pk=user.pk).exists(),
    }
