"""Formation in a circles programme: the programme's mentors facilitate,
its mentees are members, and the engine forms the circles (certified
optimal, with the programme's weight on a mix of backgrounds)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.engines.matching.circles import CircleResult, CircleRules, form_circles
from kindred.matching.inputs import EngineInputs
from kindred.matching.models import MatchingSettings
from kindred.programs.models import Programme

SET_ASIDE = "set_aside"  # a run's `stopped`: some circles were too small to form


@dataclass
class Formed:
    result: CircleResult
    seconds: float
    rules_snapshot: dict[str, object]


def rules_of(config: MatchingSettings) -> CircleRules:
    weight = config.diversity_weight if config.diversity_by else 0.0
    return CircleRules(
        size=config.circle_size,
        min_size=min(config.circle_min_size, config.circle_size),
        diversity_weight=weight,
    )


def backgrounds(config: MatchingSettings, people: list[int]) -> dict[int, str]:
    """Each member's background as the programme mixes them (an HR field,
    never a demographic)."""
    if config.diversity_by not in ("department", "location"):
        return {}
    rows = User.objects.filter(pk__in=people).values_list("pk", config.diversity_by)
    return {pk: value.strip().casefold() for pk, value in rows}


def form(programme: Programme, data: EngineInputs) -> Formed:
    """The circles, and each facilitator's capacity as the circle's size
    (what the fairness audit reads)."""
    config, _ = MatchingSettings.objects.get_or_create(programme=programme)
    rules = rules_of(config)
    began = time.perf_counter()
    result = form_circles(
        data.mentees,
        data.mentors,
        data.settings,
        rules,
        background=backgrounds(config, [p.id for p in data.mentees]),
        timer=time.perf_counter,
    )
    data.capacities = dict.fromkeys(data.capacities, rules.size)
    return Formed(
        result,
        time.perf_counter() - began,
        {
            "size": rules.size,
            "min_size": rules.min_size,
            "diversity_by": config.diversity_by,
            "diversity_weight": rules.diversity_weight,
        },
    )
