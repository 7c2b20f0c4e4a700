"""What the relationship contributes to the relationship workspace
(kindred.pages): its signed agreement, the boundaries both people keep, its
status and its history."""

from __future__ import annotations

from typing import Any

from kindred.lib.panels import View, panel
from kindred.programs.selectors import can_manage
from kindred.relationships import selectors
from kindred.relationships.models import CloseOut

PAGE = "relationship"


def pair_only(view: View) -> bool:
    """Shown to the two people in the relationship, never to its managers."""
    return bool(view["in_pair"])


@panel(PAGE, "agreement", template="relationships/panels/agreement.html", order=10)
def agreement(view: View) -> dict[str, Any]:
    relationship, user = view.subject, view.viewer
    current = selectors.agreement_current(relationship)
    in_pair = view["in_pair"]
    side = selectors.side_of(user, relationship)
    return {
        "agreement": current,
        "in_force": selectors.agreement_in_force(relationship),
        "changes": selectors.agreement_changes(current) if current else [],
        "boundaries_drifted": in_pair and selectors.boundaries_drifted(relationship, user),
        "signed_by_me": current is not None
        and getattr(current, f"{side}_signed_at", None) is not None,
    }


@panel(
    PAGE,
    "boundaries",
    template="relationships/panels/boundaries.html",
    order=50,
    visible=pair_only,
)
def boundaries(view: View) -> dict[str, Any]:
    relationship = view.subject
    return {
        "boundaries": [
            (person, selectors.boundary_summary_for(relationship, person))
            for person in (relationship.mentor, relationship.mentee)
        ]
    }


def may_change_status(view: View) -> bool:
    relationship = view.subject
    return not relationship.is_over and (
        view["in_pair"] or can_manage(view.viewer, relationship.programme)
    )


@panel(
    PAGE,
    "status",
    template="relationships/panels/status.html",
    order=90,
    visible=may_change_status,
)
def status(view: View) -> dict[str, Any]:
    return {}


@panel(
    PAGE, "close-out", template="relationships/panels/close_out.html", order=35, visible=pair_only
)
def close_out(view: View) -> dict[str, Any] | None:
    """Asks each of the pair, once the relationship or its programme ends."""
    relationship = view.subject
    if not selectors.close_out_open(relationship, today=view.now.date()):
        return None
    if CloseOut.objects.filter(relationship=relationship, person=view.viewer).exists():
        return None
    return {}


@panel(PAGE, "history", template="relationships/panels/history.html", order=100)
def history(view: View) -> dict[str, Any]:
    return {"events": view.subject.events.select_related("actor")}
