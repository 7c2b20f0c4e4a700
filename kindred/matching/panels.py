"""What matching contributes to the home (kindred.pages): proposals and
requests waiting for the person's answer; for a manager, where each
programme's matching stands."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import pluralize
from django.urls import reverse

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
                f"Say whether you would like to work with {other.display_name}",
                mine,
                detail=f"Proposed in {proposal.run.programme.name}; see why you were matched.",
            )
        )
    for request in selectors.requests_awaiting(person):
        steps.append(
            Step(
                NOW,
                f"Answer {request.mentee.display_name}'s request to be their mentor",
                mine,
                detail=f"In {request.programme.name}.",
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
            "Run matching",
            reverse("matching:manage", args=[row["slug"]]),
            detail="No match run yet: matching proposes pairs once intakes are in.",
            about=name,
        )
    if run.is_done and run.published_at is None:
        return Step(
            NOW,
            "Review and publish the match run",
            reverse("matching:run", args=[run.pk]),
            detail="It is finished and nobody has been told yet.",
            about=name,
        )
    if row["waiting"]:
        n = row["waiting"]
        return Step(
            SOON,
            f"{n} proposal{pluralize(n)} waiting for answers",
            reverse("matching:run", args=[run.pk]),
            detail="Open the run to see who has answered and who has not.",
            about=name,
        )
    if run.is_failed:
        return Step(LATER, "The last match run failed", reverse("matching:run", args=[run.pk]),
                    about=name)  # fmt: skip
    return None
