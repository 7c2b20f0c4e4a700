"""Formation in a circles programme: the programme's mentors facilitate,
its mentees are members, and the engine forms the circles (certified
optimal, with the programme's weight on a mix of backgrounds)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.engines.matching.circles import CircleResult, CircleRules, form_circles
from kindred.matching.inputs import EngineInputs
from kindred.matching.models import HR_MIXES, MatchingSettings
from kindred.profiles.models import PREFER_NOT, Demographics
from kindred.programs.models import Programme

SET_ASIDE = "set_aside"  # a run's `stopped`: some circles were too small to form


@dataclass
class Formed:
    result: CircleResult
    seconds: float
    rules_snapshot: dict[str, object]


def mixes(config: MatchingSettings) -> bool:
    """Whether formation mixes backgrounds at all: a demographic only with
    the opt-in, whatever was saved before it was withdrawn."""
    if config.diversity_by in Demographics.FIELDS:
        return config.balance_opt_in
    return bool(config.diversity_by)


def rules_of(config: MatchingSettings) -> CircleRules:
    weight = config.diversity_weight if mixes(config) else 0.0
    return CircleRules(
        size=config.circle_size,
        min_size=min(config.circle_min_size, config.circle_size),
        diversity_weight=weight,
    )


def backgrounds(config: MatchingSettings, people: list[int]) -> dict[int, str | None]:
    """Each member's background as the programme mixes them: an HR field,
    or a self-identified characteristic where the programme opted in (an
    answer left blank or "prefer not to say" is no background: it earns the
    circle nothing). Never shown person by person."""
    mix = config.diversity_by
    if mix in dict(HR_MIXES):
        rows = User.objects.filter(pk__in=people).values_list("pk", mix)
        return {pk: value.strip().casefold() or None for pk, value in rows}
    if mix in Demographics.FIELDS and config.balance_opt_in:
        answers = dict(Demographics.objects.filter(user_id__in=people).values_list("user_id", mix))
        return {pk: _answered(answers.get(pk)) for pk in people}
    return {}


def _answered(answer: str | None) -> str | None:
    return None if not answer or answer == PREFER_NOT[0] else answer


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
            "diversity_by": config.diversity_by if mixes(config) else "",
            "self_identified": config.diversity_by in Demographics.FIELDS and mixes(config),
            "mixed_by": config.diversity_by.replace("_", " ") if mixes(config) else "",
            "diversity_weight": rules.diversity_weight,
        },
    )
