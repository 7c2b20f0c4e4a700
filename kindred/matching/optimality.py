"""What a manager is told about a run the search could not prove optimal.

The engine stops at a budget (time, memory or rounds) with the best
assignment it found and a bound on the best possible. That is never
published silently: the run page, the API, the publish step and
`manage.py match` all say it in these words."""

from __future__ import annotations

from kindred.matching.formation import SET_ASIDE
from kindred.matching.models import MatchRun

STOPPED_AT = {
    "time": "its time budget",
    "memory": "its memory budget",
    "rounds": "its limit of rounds",
}


def set_aside_statement(run: MatchRun) -> str:
    """A circles run that left some facilitators without a circle."""
    shape = run.settings.get("circles", {})
    left = len(shape.get("not_formed", []))
    return (
        f"This run is not proven optimal: {left} facilitator{'s' if left != 1 else ''}' "
        f"circle{'s' if left != 1 else ''} would have had fewer than {shape.get('min_size')} "
        "members and were not formed. The circles formed are the best for the facilitators "
        "who have one; leaving out others instead might score higher. Publish it knowing this, "
        "or change the smallest circle size and run it again."
    )


def unproven_statement(stopped: str, more_matchable: int, improvement: float) -> str:
    """One paragraph; empty when there is nothing to say."""
    if not stopped:
        return ""
    budget = STOPPED_AT.get(stopped, "a budget")
    if more_matchable:
        people = f"{more_matchable} more mentee{'s' if more_matchable != 1 else ''}"
        reach = (
            f"Up to {people} might be matched, and the total compatibility could be up to "
            f"{improvement:.3f} higher."
        )
    else:
        reach = (
            "Everyone who can be matched is matched, but the total compatibility could be up "
            f"to {improvement:.3f} higher."
        )
    return (
        f"This run is not proven optimal: the search stopped at {budget}. {reach} "
        "Run it again with a larger budget, or publish it knowing this."
    )


def run_statement(run: MatchRun) -> str:
    if run.status != MatchRun.Status.DONE or run.certified:
        return ""
    if run.stopped == SET_ASIDE:
        return set_aside_statement(run)
    # A run stored before budgets were recorded can only have stopped at rounds.
    stopped = run.stopped or "rounds"
    return unproven_statement(stopped, run.more_matchable, run.possible_improvement)
