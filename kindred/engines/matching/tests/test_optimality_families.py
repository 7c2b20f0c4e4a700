"""An independent check of optimality on the cohorts that break search
engines: identical and near-identical rows, discrete ties, a celebrity pool,
zero and varied capacities, heavy exclusions, over- and undersubscription,
pins, and mentees no mentor can take.

The engine (a min-cost flow on candidate pairs with a dual certificate) is
compared with scipy's linear_sum_assignment (a shortest augmenting path
method) on the capacity-expanded matrix with a bonus per match, and every
hard rule and every unmatched reason in its result is checked from the
people themselves."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from kindred.engines.matching import MatchResult, Person, Settings, kernel, match
from kindred.engines.matching.kernel import LEVELS
from kindred.engines.matching.problem import build_problem
from kindred.engines.matching.scoring import score_block
from kindred.engines.matching.tests.factories import person

Cohort = tuple[list[Person], list[Person], Settings]


def _capacities(rng: random.Random, mentors: int, mentees: int, subscription: str) -> list[int]:
    """Capacities for over-, under- or evenly subscribed programmes, with zeros."""
    if subscription == "over":
        top = max(1, mentees // max(mentors * 2, 1))
    elif subscription == "under":
        top = max(2, 2 * mentees // max(mentors, 1) + 1)
    else:
        top = max(1, mentees // max(mentors, 1))
    return [rng.choice([0, *range(1, top + 1)]) for _ in range(mentors)]


def _identical(rng: random.Random, people: list[Person]) -> list[Person]:
    first = people[0]
    return [dataclasses.replace(first, id=p.id, email=p.email) for p in people]


def _near_identical(rng: random.Random, people: list[Person]) -> list[Person]:
    first, result = people[0], []
    for p in people:
        values = list(first.values or ())
        slot = rng.randrange(len(values))
        values[slot] = min(6, max(1, values[slot] + rng.choice((-1, 0, 1))))
        result.append(dataclasses.replace(first, id=p.id, email=p.email, values=tuple(values)))
    return result


def _discrete(rng: random.Random, people: list[Person]) -> list[Person]:
    """Scores in a few levels: two-level answers, no free text, one skill."""
    return [
        dataclasses.replace(
            p,
            values=tuple(rng.choice((1, 6)) for _ in range(10)),
            big_five=tuple(rng.choice((1.0, 7.0)) for _ in range(5)),
            text="",
            skills_sought=frozenset({"skill 0"}),
        )
        for p in people
    ]


def _no_feasible_mentor(rng: random.Random, people: list[Person]) -> list[Person]:
    """Some mentees speak a language no mentor does."""
    return [
        dataclasses.replace(p, languages=frozenset({"tlh"})) if rng.random() < 0.3 else p
        for p in people
    ]


def _celebrities(rng: random.Random, mentors: list[Person], mentees: list[Person]) -> list[Person]:
    """A few mentors everyone would choose first: they offer what everyone
    seeks, speak every language and share everyone's values."""
    languages = frozenset().union(*(p.languages for p in mentees)) or frozenset({"en"})
    count = max(1, len(mentors) // 4)
    return [
        dataclasses.replace(
            m,
            values=mentees[0].values if mentees else None,
            skills_offered=frozenset().union(*(p.skills_sought for p in mentees)),
            languages=languages,
            windows=tuple((d, "06:00", "20:00") for d in range(5)),
        )
        if n < count
        else m
        for n, m in enumerate(mentors)
    ]


MENTEE_FAMILIES: dict[str, Callable[[random.Random, list[Person]], list[Person]]] = {
    "ordinary": lambda rng, people: people,
    "identical": _identical,
    "near-identical": _near_identical,
    "discrete ties": _discrete,
    "no feasible mentor": _no_feasible_mentor,
}


def cohort(
    seed: int,
    n_e: int,
    n_m: int,
    family: str,
    *,
    subscription: str,
    celebrity: bool,
    forbidden: float,
    pins: int,
) -> Cohort:
    rng = random.Random(seed)
    zone = "Europe/London"  # one zone keeps most pairs feasible by time
    mentees = [person(rng, n, timezone=zone) for n in range(n_e)]
    mentees = MENTEE_FAMILIES[family](rng, mentees) if mentees else mentees
    capacities = _capacities(rng, n_m, n_e, subscription)
    mentors = [person(rng, 1000 + n, capacity=c, timezone=zone) for n, c in enumerate(capacities)]
    if celebrity and mentors:
        mentors = _celebrities(rng, mentors, mentees)
    all_pairs = [(e.id, m.id) for e in mentees for m in mentors]
    exclusions = frozenset(p for p in all_pairs if rng.random() < forbidden)
    pinned = tuple(rng.sample(all_pairs, min(pins, len(all_pairs)))) if all_pairs else ()
    return mentees, mentors, Settings(exclusions=exclusions, pins=pinned, min_overlap_hours=3)


def exact(mentees: list[Person], mentors: list[Person], config: Settings) -> tuple[int, int]:
    """Matched count and total quality units (scores quantised as the engine
    does) of the best assignment of the mentees not pinned, by scipy."""
    problem = build_problem(mentees, mentors, config)
    quality = kernel.quality(kernel.build(problem), slice(0, len(mentees))).astype(np.int64)
    pinned_mentees, load = _kept_pins(mentees, mentors, config)
    capacity = [max(m.capacity - load[m.id], 0) for m in mentors]
    rows = [n for n, p in enumerate(mentees) if p.id not in pinned_mentees]
    slots = [j for j, c in enumerate(capacity) for _ in range(c)]
    if not rows or not slots:
        return 0, 0
    bonus = (LEVELS + 1) * (len(mentees) + 1)
    block = quality[np.ix_(rows, slots)]
    weights = np.where(block > 0, bonus + block, 0)
    chosen = weights[linear_sum_assignment(weights, maximize=True)]
    matched = int((chosen > 0).sum())
    return matched, int(chosen.sum() - (bonus + 1) * matched)


def _kept_pins(
    mentees: list[Person], mentors: list[Person], config: Settings
) -> tuple[set[int], Counter[int]]:
    """The pins the engine keeps: known people, one per mentee, first wins."""
    mentee_ids, mentor_ids = {p.id for p in mentees}, {p.id for p in mentors}
    kept: dict[int, int] = {}
    for mentee_id, mentor_id in config.pins:
        if mentee_id in mentee_ids and mentor_id in mentor_ids:
            kept.setdefault(mentee_id, mentor_id)
    return set(kept), Counter(kept.values())


def check_rules(
    result: MatchResult, mentees: list[Person], mentors: list[Person], config: Settings
) -> None:
    by_id = {p.id: p for p in [*mentees, *mentors]}
    pinned_mentees, _ = _kept_pins(mentees, mentors, config)
    load = Counter(p.mentor_id for p in result.pairs)
    assert all(load[m.id] <= max(m.capacity, 0) or _only_pins(result, m.id) for m in mentors)
    assert len({p.mentee_id for p in result.pairs}) == len(result.pairs)
    assert {p.mentee_id for p in result.pairs if p.pinned} == pinned_mentees
    for pair in result.pairs:
        if pair.pinned:
            assert (pair.mentee_id, pair.mentor_id) in config.pins
            continue
        mentee, mentor = by_id[pair.mentee_id], by_id[pair.mentor_id]
        assert mentee.languages & mentor.languages
        assert pair.overlap_hours >= config.min_overlap_hours
        assert (pair.mentee_id, pair.mentor_id) not in config.exclusions
        assert mentee.id != mentor.id and pair.feasible
    _check_unmatched(result, mentees, mentors, config, load)


def _only_pins(result: MatchResult, mentor_id: int) -> bool:
    """A pin may overfill a mentor (a manager's decision); the engine may not."""
    return all(p.pinned for p in result.pairs if p.mentor_id == mentor_id)


def _check_unmatched(result, mentees, mentors, config, load) -> None:
    problem = build_problem(mentees, mentors, config)
    feasible = score_block(problem, slice(0, len(mentees))).feasible
    placed = {p.mentee_id for p in result.pairs}
    told = {u.mentee_id: u for u in result.unmatched}
    assert len(told) == len(result.unmatched)
    assert set(told) == {p.id for p in mentees} - placed
    for row, mentee in enumerate(mentees):
        if mentee.id not in told:
            continue
        options = [m for col, m in enumerate(mentors) if feasible[row, col]]
        assert told[mentee.id].feasible_mentors == len(options)
        if not options:
            assert told[mentee.id].reason == "no_feasible_mentor"
        else:
            # Matching the most people: a mentor with room would have taken them.
            assert told[mentee.id].reason == "mentors_full"
            assert all(load[m.id] >= m.capacity for m in options)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    n_e=st.integers(1, 30),
    n_m=st.integers(1, 12),
    family=st.sampled_from(sorted(MENTEE_FAMILIES)),
    subscription=st.sampled_from(["over", "even", "under"]),
    celebrity=st.booleans(),
    forbidden=st.sampled_from([0.0, 0.3, 0.6, 0.9]),
    pins=st.integers(0, 3),
    candidates=st.integers(1, 6),
)
def test_the_engine_matches_an_exact_solver_on_every_family(
    seed, n_e, n_m, family, subscription, celebrity, forbidden, pins, candidates
) -> None:
    mentees, mentors, config = cohort(
        seed,
        n_e,
        n_m,
        family,
        subscription=subscription,
        celebrity=celebrity,
        forbidden=forbidden,
        pins=pins,
    )
    # Few candidates per mentee: the certificate, not the first guess, must do the work.
    config = dataclasses.replace(config, candidates_per_mentee=candidates)
    result = match(mentees, mentors, config)
    matched, units = exact(mentees, mentors, config)
    free_pairs = [p for p in result.pairs if not p.pinned]
    pinned_score = sum(p.score for p in result.pairs if p.pinned)
    assert len(free_pairs) == matched
    assert result.objective == pytest.approx(units / LEVELS + pinned_score, abs=1e-9)
    assert result.certified and result.gap == 0 and result.more_matchable == 0
    check_rules(result, mentees, mentors, config)


@pytest.mark.parametrize("family", sorted(MENTEE_FAMILIES))
def test_a_degenerate_cohort_of_hundreds_is_proven_in_few_rounds(family) -> None:
    """At a size where the old search needed round after round (every mentee
    naming the same few mentors), one or two rounds settle it."""
    mentees, mentors, config = cohort(
        7, 400, 120, family, subscription="over", celebrity=True, forbidden=0.0, pins=0
    )
    result = match(mentees, mentors, config)
    matched, units = exact(mentees, mentors, config)
    assert (len(result.pairs), round(result.objective * LEVELS)) == (matched, units)
    assert result.certified and result.certificate_rounds <= 3


def test_the_result_does_not_depend_on_threads_or_repetition() -> None:
    mentees, mentors, config = cohort(
        11, 300, 60, "near-identical", subscription="over", celebrity=True, forbidden=0.3, pins=2
    )
    runs = [match(mentees, mentors, dataclasses.replace(config, threads=t)) for t in (1, 2, 2, 4)]
    first = runs[0]
    for other in runs[1:]:
        assert other.pairs == first.pairs and other.unmatched == first.unmatched


def _needs_a_round() -> Cohort:
    """A cohort whose first candidates (two per mentee) cannot be proven."""
    mentees, mentors, config = cohort(
        1, 200, 40, "discrete ties", subscription="over", celebrity=False, forbidden=0.0, pins=0
    )
    return mentees, mentors, dataclasses.replace(config, candidates_per_mentee=2)


def test_a_search_stopped_by_its_budget_says_how_far_it_is_from_proven() -> None:
    mentees, mentors, config = _needs_a_round()
    proven = match(mentees, mentors, config)
    stopped = match(mentees, mentors, dataclasses.replace(config, max_certificate_rounds=0))
    assert proven.certified and proven.gap == 0
    assert not stopped.certified and stopped.stopped == "rounds"
    assert stopped.gap > 0 and stopped.bound > stopped.objective
    # The bound never promises less than the proven optimum reaches.
    assert stopped.bound >= proven.objective - 1e-9
    assert len(stopped.pairs) + stopped.more_matchable >= len(proven.pairs)
    # Mentees left out by a stopped search are not told their mentors are full
    # when one has room; those told so are right.
    load = Counter(p.mentor_id for p in stopped.pairs)
    room = {m.id for m in mentors if load[m.id] < m.capacity}
    problem = build_problem(mentees, mentors, config)
    feasible = score_block(problem, slice(0, len(mentees))).feasible
    options = {
        e.id: {m.id for col, m in enumerate(mentors) if feasible[row, col]}
        for row, e in enumerate(mentees)
    }
    reasons = {u.mentee_id: u.reason for u in stopped.unmatched}
    assert "search_stopped" in reasons.values()
    for mentee_id, reason in reasons.items():
        assert (reason == "search_stopped") == bool(options[mentee_id] & room)
    assert stopped.possible_improvement == pytest.approx(stopped.bound - stopped.objective)


def test_the_time_budget_is_kept_with_a_timer() -> None:
    mentees, mentors, config = _needs_a_round()
    ticks = iter(range(0, 10_000, 100))  # every reading is 100 s later
    budgeted = dataclasses.replace(config, time_budget_seconds=50)
    result = match(mentees, mentors, budgeted, timer=lambda: float(next(ticks)))
    assert result.stopped == "time" and not result.certified
    # Without a timer the engine reads no clock, so no time budget applies.
    assert match(mentees, mentors, budgeted).certified
