"""Circle formation (issue 26): members assigned to facilitators, at most
`size` to a circle. With a weight on diverse backgrounds the result equals
an exhaustive search of every assignment on small cohorts and is
certified; with none it is the certified mentor assignment; circles too
small to form are set aside and said so, never certified in silence."""

from __future__ import annotations

import dataclasses
import itertools
import random

import numpy as np
import pytest

from kindred.engines.matching import Settings, match
from kindred.engines.matching.circles import CircleRules, form_circles
from kindred.engines.matching.kernel import LEVELS
from kindred.engines.matching.problem import build_problem
from kindred.engines.matching.solver import score_all
from kindred.engines.matching.tests.factories import person

SETTINGS = Settings(min_overlap_hours=0)
EN = frozenset({"en"})


def cohort(seed: int, members: int = 7, facilitators: int = 3) -> tuple[list, list]:
    rng = random.Random(seed)
    return (
        [person(rng, n, languages=EN) for n in range(members)],
        [person(rng, 100 + n, languages=EN) for n in range(facilitators)],
    )


def best_by_search(
    members: list,
    facilitators: list,
    rules: CircleRules,
    pins: dict[int, int] | None = None,
    background: dict[int, str | None] | None = None,
) -> tuple[int, float]:
    """(members placed, compatibility + diversity reward) of the best
    assignment, by trying every one (a pinned member, by index, in the
    circle it is pinned to; a member whose background is None earns none)."""
    pins = pins or {}
    kind_of = [m.department if background is None else background.get(m.id) for m in members]
    leading = [dataclasses.replace(f, capacity=rules.size) for f in facilitators]
    quality, _, _ = score_all(build_problem(members, leading, SETTINGS), np.zeros(0, np.int64))
    reward = round(rules.diversity_weight * LEVELS)
    best = (-1, -1)
    for choice in itertools.product(range(-1, len(leading)), repeat=len(members)):
        load = [0] * len(leading)
        units, kinds, ok = 0, set(), True
        if any(choice[m] != c for m, c in pins.items()):
            continue
        for m, c in enumerate(choice):
            if c < 0:
                continue
            load[c] += 1
            ok = ok and quality[m, c] > 0 and load[c] <= rules.size
            units += int(quality[m, c]) - 1
            if kind_of[m] is not None:
                kinds.add((c, kind_of[m]))
        if ok:
            best = max(best, (sum(load), units + reward * len(kinds)))
    return best[0], best[1] / LEVELS


@pytest.mark.parametrize("seed", range(5))
def test_small_cohorts_with_diversity_match_an_exhaustive_search(seed: int) -> None:
    members, facilitators = cohort(seed)
    rules = CircleRules(size=3, min_size=1, diversity_weight=0.3)
    result = form_circles(members, facilitators, SETTINGS, rules)
    placed, value = best_by_search(members, facilitators, rules)
    assert sum(len(c) for c in result.circles.values()) == placed
    assert result.objective == pytest.approx(value, abs=1e-9)
    assert result.certified
    assert all(len(circle) <= rules.size for circle in result.circles.values())


@pytest.mark.parametrize("seed", range(3))
def test_a_pinned_member_stays_in_their_circle_and_the_rest_is_still_the_best(seed: int) -> None:
    members, facilitators = cohort(seed)
    rules = CircleRules(size=3, min_size=1, diversity_weight=0.3)
    pins = {0: 2, 1: 2}  # two members pinned to the third facilitator
    pinned = tuple((members[m].id, facilitators[c].id) for m, c in pins.items())
    settings = dataclasses.replace(SETTINGS, pins=pinned)
    result = form_circles(members, facilitators, settings, rules)
    placed, value = best_by_search(members, facilitators, rules, pins)
    third = {p.mentee_id for p in result.circles[facilitators[2].id]}
    assert {members[0].id, members[1].id} <= third
    assert sum(len(c) for c in result.circles.values()) == placed
    assert result.objective == pytest.approx(value, abs=1e-9)
    assert result.certified


@pytest.mark.parametrize("seed", range(4))
def test_members_with_no_background_earn_no_reward_and_it_is_still_the_best(seed: int) -> None:
    """A programme balancing by something people may decline to give (a
    self-identified characteristic it opted in to): those who did not say
    are placed on compatibility alone."""
    members, facilitators = cohort(seed)
    rng = random.Random(seed)
    background = {m.id: rng.choice(("a", "b", None)) for m in members}
    rules = CircleRules(size=3, min_size=1, diversity_weight=0.4)
    result = form_circles(members, facilitators, SETTINGS, rules, background=background)
    placed, value = best_by_search(members, facilitators, rules, background=background)
    assert sum(len(c) for c in result.circles.values()) == placed
    assert result.objective == pytest.approx(value, abs=1e-9)
    assert result.certified
    known = sum(
        len({background[p.mentee_id] for p in circle} - {None})
        for circle in result.circles.values()
    )
    assert result.backgrounds == known


def test_with_no_weight_it_is_the_mentor_assignment_with_circle_sized_capacity() -> None:
    members, facilitators = cohort(7, members=30, facilitators=6)
    rules = CircleRules(size=5, min_size=1)
    result = form_circles(members, facilitators, SETTINGS, rules)
    sized = [dataclasses.replace(f, capacity=5) for f in facilitators]
    direct = match(members, sized, SETTINGS)
    assert result.objective == pytest.approx(direct.objective)
    assert result.certified and sum(len(c) for c in result.circles.values()) == len(direct.pairs)


def test_a_weight_on_diversity_mixes_backgrounds_within_circles() -> None:
    rng = random.Random(8)
    members = [
        person(rng, n, languages=EN, department=("Ops", "Tech", "Sales")[n % 3]) for n in range(24)
    ]
    facilitators = [person(rng, 100 + n, languages=EN) for n in range(4)]
    plain = form_circles(members, facilitators, SETTINGS, CircleRules(size=6, min_size=1))
    mixed = form_circles(
        members, facilitators, SETTINGS, CircleRules(size=6, min_size=1, diversity_weight=0.5)
    )
    assert mixed.backgrounds >= plain.backgrounds and mixed.backgrounds == 4 * 3
    assert mixed.certified


def test_a_programme_names_the_background_it_balances() -> None:
    members, facilitators = cohort(9, members=12, facilitators=3)
    regions = {m.id: ("EMEA", "APAC")[m.id % 2] for m in members}
    rules = CircleRules(size=4, min_size=1, diversity_weight=0.5)
    result = form_circles(members, facilitators, SETTINGS, rules, background=regions)
    for circle in result.circles.values():
        assert {regions[p.mentee_id] for p in circle} == {"EMEA", "APAC"}


def test_circles_too_small_are_set_aside_and_said_so() -> None:
    members, facilitators = cohort(3, members=7, facilitators=4)
    rules = CircleRules(size=4, min_size=3)
    result = form_circles(members, facilitators, SETTINGS, rules)
    assert result.not_formed and not result.certified
    assert all(3 <= len(circle) <= 4 for circle in result.circles.values())
    assert not set(result.not_formed) & set(result.circles)


def test_impossible_rules_are_refused() -> None:
    members, facilitators = cohort(1)
    with pytest.raises(ValueError, match="minimum"):
        form_circles(members, facilitators, SETTINGS, CircleRules(size=3, min_size=4))


def test_the_fairness_audit_reads_circles_as_it_reads_pairs() -> None:
    """Each group's placement rate and mean compatibility, groups under five
    people suppressed, the audit never an input."""
    from kindred.engines.matching.fairness import audit

    members, facilitators = cohort(10, members=24, facilitators=4)
    rules = CircleRules(size=6, min_size=1)
    result = form_circles(members, facilitators, SETTINGS, rules)
    labels = {m.id: ("A" if m.id < 12 else "B" if m.id < 21 else "C") for m in members}
    sizes = {f.id: rules.size for f in facilitators}
    (figures,) = audit(result.pairs, [m.id for m in members], sizes, {"gender": labels})
    assert {g.group for g in figures.groups} == {"A", "B"}  # C has three: suppressed
    assert figures.suppressed_groups == 1
    assert all(g.match_rate == 1.0 for g in figures.groups)  # room for everyone
