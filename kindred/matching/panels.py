"""What matching contributes to the home (kindred.pages): proposals and
requests waiting for the person's answer; for a manager, where each
programme's matching stands."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindred.lib.panels import LATER, NOW, SOON, Step, View, steps_from
from kindred.matching import selectors
from kindred.programs.models import ProgrammeStatus


@steps_from("home")
def answer_steps(view: View) -> list[Step]:
    person, mine = view.viewer, reverse("matching:mine")
    steps = []
    for proposal in selectors.proposals_awaiting(person):
        other = proposal.mentor if proposal.mentee_id == person.pk else proposal.mentee
        steps.append(
            Step(
                NOW,
                _("Say whether you would like to work with %(name)s")
                % {"name": other.display_name},
                mine,
                detail=_("Proposed in %(programme)s; see why you were matched.")
                % {"programme": proposal.run.programme.name},
            )
        )
    for request in selectors.requests_awaiting(person):
        steps.append(
            Step(
                NOW,
                _("Answer %(name)s's request to be their mentor")
                % {"name": request.mentee.display_name},
                mine,
                detail=_("In %(programme)s.") % {"programme": request.programme.name},
            )
        )
    return steps


@steps_from("home")
def matching_steps(view: View) -> list[Step]:
    """For a manager, per programme: run matching, publish a finished run,
    or how many proposals still wait for answers."""
    if not view.viewer.runs_programmes:
        return []
    return [
        step
        for row in selectors.matching_state_of_managed(view.viewer)
        if (step := _matching_step(row)) is not None
    ]


def _matching_step(row: dict[str, Any]) -> Step | None:
    run, name = row["run"], row["name"]
    if run is None and row["status"] != ProgrammeStatus.MATCHING:
        return None  # running on requests alone: nothing to run
    if run is None:
        return Step(
            NOW,
            _("Run matching"),
            reverse("matching:manage", args=[row["slug"]]),
            detail=_("No match run yet: matching proposes pairs once intakes are in."),
            about=name,
        )
    if run.is_done and run.published_at is None:
        return Step(
            NOW,
            _("Review and publish the match run"),
            reverse("matching:run", args=[run.pk]),
            detail=_("It is finished and nobody has been told yet."),
            about=name,
        )
    if row["waiting"]:
        n = row["waiting"]
        return Step(
            SOON,
            ngettext(
                "%(count)s proposal waiting for answers",
                "%(count)s proposals waiting for answers",
                n,
            )
            % {"count": n},
            reverse("matching:run", args=[run.pk]),
            detail=_("Open the run to see who has answered and who has not."),
            about=name,
        )
    if run.is_failed:
        return Step(
            LATER,
            _("The last match run failed"),
            reverse("matching:run", args=[run.pk]),
            about=name,
        )
    return None
