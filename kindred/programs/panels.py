"""What programmes contribute to the home (kindred.pages): the programmes a
person is in, those they run, and what to do when they are in none."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import ngettext

from kindred.lib.panels import SOON, Step, View, panel, steps_from
from kindred.programs import selectors
from kindred.programs.models import ProgrammeStatus

OPEN_FOR_INTAKE = (ProgrammeStatus.DRAFT, ProgrammeStatus.ENROLLING, ProgrammeStatus.MATCHING)


def _managed(person: Any) -> list[Any]:
    if not person.runs_programmes:
        return []
    return list(selectors.programmes_with_counts(selectors.programmes_managed_by(person)))


@panel("home", "programmes", template="programs/panels/memberships.html", order=30)
def memberships(view: View) -> dict[str, Any] | None:
    found = view.once(selectors.memberships_of, view.viewer)
    return {"memberships": found} if found else None


@panel("home", "managed", template="programs/panels/managed.html", order=40)
def managed(view: View) -> dict[str, Any] | None:
    found = view.once(_managed, view.viewer)
    return {"managed": found} if found else None


@panel("home", "no-programme", template="programs/panels/no_programme.html", order=50)
def no_programme(view: View) -> dict[str, Any] | None:
    """Someone in no programme is told how to join one."""
    if view.once(selectors.memberships_of, view.viewer) or view.once(_managed, view.viewer):
        return None
    return {}


@steps_from("home")
def intake_completion_steps(view: View) -> list[Step]:
    """For a manager: programmes still enrolling or matching whose people
    have not all finished the intake (matching needs it)."""
    steps = []
    for programme in view.once(_managed, view.viewer):
        people = programme.mentor_count + programme.mentee_count
        waiting = people - programme.intake_done_count
        if programme.status in OPEN_FOR_INTAKE and people and waiting > 0:
            steps.append(
                Step(
                    SOON,
                    ngettext(
                        "%(done)s of %(count)s has finished the intake",
                        "%(done)s of %(count)s have finished the intake",
                        people,
                    )
                    % {"done": programme.intake_done_count, "count": people},
                    reverse("programs:participants", args=[programme.slug]) + "?intake=incomplete",
                    detail=ngettext(
                        "%(count)s still to go; matching works with those who have.",
                        "%(count)s still to go; matching works with those who have.",
                        waiting,
                    )
                    % {"count": waiting},
                    about=programme.name,
                )
            )
    return steps


# --- the programme page --------------------------------------------------------


def manages(view: View) -> bool:
    return bool(view["can_manage"])


@panel("programme", "about", template="programs/panels/about.html", order=10)
def about(view: View) -> dict[str, Any]:
    return {"managers": view.subject.managers.all()}


@panel("programme", "manage", template="programs/panels/manage.html", order=20, visible=manages)
def manage(view: View) -> dict[str, Any]:
    return {"imports": view.subject.imports.select_related("actor")[:5]}
