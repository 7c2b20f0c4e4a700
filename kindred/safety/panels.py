"""What safety contributes to the relationship workspace (kindred.pages):
the private check-ins due after the pair's meetings."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindred.lib.panels import NOW, SOON, Step, View, panel, steps_from
from kindred.lib.timezones import short_when
from kindred.programs.panels import manages
from kindred.relationships.panels import pair_only
from kindred.relationships.selectors import active_pairs_of
from kindred.safety.selectors import (
    checkins_due,
    comfort_summary,
    new_cases_handled_by,
    open_case_count,
)


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


# --- next steps on the home -------------------------------------------------------


@steps_from("home")
def check_in_steps(view: View) -> list[Step]:
    """A private comfort check-in after each recent meeting."""
    person, steps = view.viewer, []
    for pair in view.once(active_pairs_of, person):
        partner = pair.mentee if pair.mentor_id == person.pk else pair.mentor
        for meeting in checkins_due(person, pair, now=view.now)[:1]:
            steps.append(
                Step(
                    SOON,
                    _("A private check-in about your last meeting"),
                    reverse("safety:check_in", args=[pair.pk, meeting.pk]),
                    # Named, since a person in two relationships has one each.
                    detail=_(
                        "With %(partner)s, %(when)s. Only you see your answer; nobody is "
                        "told you gave it."
                    )
                    % {
                        "partner": partner.display_name,
                        "when": short_when(meeting.start, person.timezone),
                    },
                )
            )
    return steps


@steps_from("home")
def case_steps(view: View) -> list[Step]:
    """New concern reports for the people who handle them."""
    if not view.viewer.runs_programmes:
        return []
    return [
        Step(
            NOW,
            ngettext("%(count)s new concern report", "%(count)s new concern reports", n)
            % {"count": n},
            reverse("safety:cases", args=[programme.slug]),
            detail=_("Received and not yet in review."),
            about=programme.name,
        )
        for programme, n in new_cases_handled_by(view.viewer)
    ]
