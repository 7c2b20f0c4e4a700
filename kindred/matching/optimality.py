"""What a manager is told about a run the search could not prove optimal.

The engine stops at a budget (time, memory or rounds) with the best
assignment it found and a bound on the best possible. That is never
published silently: the run page, the API, the publish step and
`manage.py match` all say it in these words."""

from __future__ import annotations

import math

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop, ngettext

from kindred.matching.formation import SET_ASIDE
from kindred.matching.models import MatchRun

STOPPED_AT = {
    "time": gettext_noop("its time budget"),
    "memory": gettext_noop("its memory budget"),
    "rounds": gettext_noop("its limit of rounds"),
}


def set_aside_statement(run: MatchRun) -> str:
    """A circles run that left some facilitators without a circle."""
    shape = run.settings.get("circles", {})
    left = len(shape.get("not_formed", []))
    return ngettext(
        "This run is not proven optimal: %(count)s facilitator's circle would have had fewer "
        "than %(size)s members and was not formed. The circles formed are the best for the "
        "facilitators who have one; leaving out others instead might score higher. Publish it "
        "knowing this, or change the smallest circle size and run it again.",
        "This run is not proven optimal: %(count)s facilitators' circles would have had fewer "
        "than %(size)s members and were not formed. The circles formed are the best for the "
        "facilitators who have one; leaving out others instead might score higher. Publish it "
        "knowing this, or change the smallest circle size and run it again.",
        left,
    ) % {"count": left, "size": shape.get("min_size")}


def unproven_statement(stopped: str, more_matchable: int, improvement: float) -> str:
    """One paragraph; empty when there is nothing to say."""
    if not stopped:
        return ""
    budget = gettext(STOPPED_AT.get(stopped, gettext_noop("a budget")))
    # Rounded up: "could be up to" must stay a bound after rounding (and
    # number_format alone would cut the digits off, not round them).
    gain = number_format(math.ceil(round(improvement, 6) * 1000) / 1000, decimal_pos=3)
    if more_matchable:
        reach = ngettext(
            "Up to %(count)s more mentee might be matched, and the total compatibility could "
            "be up to %(gain)s higher.",
            "Up to %(count)s more mentees might be matched, and the total compatibility could "
            "be up to %(gain)s higher.",
            more_matchable,
        ) % {"count": more_matchable, "gain": gain}
    else:
        reach = gettext(
            "Everyone who can be matched is matched, but the total compatibility could be up "
            "to %(gain)s higher."
        ) % {"gain": gain}
    return gettext(
        "This run is not proven optimal: the search stopped at %(budget)s. %(reach)s Run it "
        "again with a larger budget, or publish it knowing this."
    ) % {"budget": budget, "reach": reach}


def run_statement(run: MatchRun) -> str:
    if run.status != MatchRun.Status.DONE or run.certified:
        return ""
    if run.stopped == SET_ASIDE:
        return set_aside_statement(run)
    # A run stored before budgets were recorded can only have stopped at rounds.
    stopped = run.stopped or "rounds"
    return unproven_statement(stopped, run.more_matchable, run.possible_improvement)
