from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from kindred.engines.matching import Person, Settings, Weights, evaluate, match, suggest
from kindred.engines.matching.explain import explain
from kindred.engines.matching.problem import build_problem
from kindred.engines.matching.solver import LEVELS, score_all
from kindred.engines.matching.tests.factories import person, programme


def exact_optimum(
    mentees: list[Person], mentors: list[Person], config: Settings
) -> tuple[float, int]:
    """scipy's exact assignment on the capacity-expanded matrix, with the
    same priority: as many matches as possible, then the highest total."""
    quality, _, _ = score_all(build_problem(mentees, mentors, config), np.zeros(0, np.int64))
    slots = [j for j, mentor in enumerate(mentors) for _ in range(mentor.capacity)]
    n = len(mentees)
    bonus = (LEVELS + 1) * (n + 1)
    weights = np.zeros((n, len(slots) + n))
    for column, j in enumerate(slots):
        weights[:, column] = np.where(quality[:, j] > 0, bonus + quality[:, j].astype(np.int64), 0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    chosen = weights[rows, cols]
    matched = int((chosen > 0).sum())
    return (chosen.sum() - (bonus + 1) * matched) / LEVELS, matched


def check_constraints(
    result, mentees: list[Person], mentors: list[Person], config: Settings
) -> None:
    by_id = {p.id: p for p in [*mentees, *mentors]}
    load = Counter(p.mentor_id for p in result.pairs)
    for mentor_id, count in load.items():
        assert count <= by_id[mentor_id].capacity
    assert len({p.mentee_id for p in result.pairs}) == len(result.pairs)
    for pair in result.pairs:
        mentee, mentor = by_id[pair.mentee_id], by_id[pair.mentor_id]
        assert mentee.languages & mentor.languages
        assert pair.overlap_hours >= config.min_overlap_hours
        assert (pair.mentee_id, pair.mentor_id) not in config.exclusions
        assert 0 <= pair.score <= 1


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    mentees=st.integers(0, 25),
    mentors=st.integers(0, 10),
    k=st.integers(1, 4),
)
def test_objective_equals_an_exact_solver_and_the_bound_holds(seed, mentees, mentors, k) -> None:
    people, guides = programme(seed, mentees, mentors)
    config = Settings(candidates_per_mentee=k, min_overlap_hours=3)
    result = match(people, guides, config)
    best, matched = exact_optimum(people, guides, config)
    assert len(result.pairs) == matched
    assert abs(result.objective - best) < 1e-9
    assert result.bound >= result.objective - 1e-9
    assert result.gap == 0
    check_constraints(result, people, guides, config)


def test_hard_constraints_rule_out_pairs() -> None:
    rng = random.Random(3)
    boss = person(rng, 1000, capacity=5, email="boss@x", languages=frozenset({"en"}))
    french = person(rng, 1001, capacity=5, languages=frozenset({"fr"}))
    night = person(
        rng, 1002, capacity=5, languages=frozenset({"en"}), windows=((5, "01:00", "02:00"),)
    )
    excluded = person(rng, 1003, capacity=5, languages=frozenset({"en"}))
    mentee = person(rng, 1, email="me@x", manager_email="boss@x", languages=frozenset({"en"}))
    config = Settings(exclusions=frozenset({(1, 1003)}))
    result = match([mentee], [boss, french, night, excluded], config)
    assert result.pairs == []
    assert result.unmatched[0].reason == "no_feasible_mentor"


def test_reporting_lines_reach_through_people_outside_the_programme() -> None:
    rng = random.Random(4)
    grand_boss = person(rng, 1000, capacity=1, email="top@x", languages=frozenset({"en"}))
    mentee = person(rng, 1, email="me@x", manager_email="middle@x", languages=frozenset({"en"}))
    config = Settings(reporting_lines={"middle@x": "top@x"})
    assert match([mentee], [grand_boss], config).pairs == []
    reversed_chain = person(rng, 2, email="top@x", languages=frozenset({"en"}))
    report = person(
        rng, 1001, capacity=1, email="me2@x", manager_email="top@x", languages=frozenset({"en"})
    )
    assert match([reversed_chain], [report], Settings()).pairs == []


def test_department_and_level_rules_are_optional() -> None:
    rng = random.Random(5)
    same: dict[str, Any] = {"languages": frozenset({"en"}), "timezone": "Europe/London"}
    mentee = person(rng, 1, department="Ops", level=3, **same)
    mentor = person(rng, 1000, capacity=1, department="ops", level=4, **same)
    assert len(match([mentee], [mentor], Settings()).pairs) == 1
    assert match([mentee], [mentor], Settings(allow_same_department=False)).pairs == []
    assert match([mentee], [mentor], Settings(min_level_gap=2)).pairs == []


def test_in_reverse_mentoring_the_mentor_is_the_junior_one() -> None:
    rng = random.Random(5)
    same: dict[str, Any] = {"languages": frozenset({"en"}), "timezone": "Europe/London"}
    director = person(rng, 1, level=7, **same)  # the mentee
    graduate = person(rng, 1000, capacity=1, level=2, **same)  # the mentor
    senior = person(rng, 1001, capacity=1, level=9, **same)
    reverse = Settings(min_level_gap=3, reverse=True)
    assert [p.mentor_id for p in match([director], [graduate, senior], reverse).pairs] == [1000]
    assert match([director], [graduate], Settings(min_level_gap=5, reverse=True)).pairs
    assert match([director], [graduate], Settings(min_level_gap=6, reverse=True)).pairs == []
    assert match([director], [graduate], Settings(min_level_gap=1)).pairs == []  # not reversed


def test_capacity_is_shared_and_the_rest_are_told_mentors_are_full() -> None:
    rng = random.Random(6)
    same: dict[str, Any] = {"languages": frozenset({"en"}), "timezone": "Europe/London"}
    mentees = [person(rng, n, **same) for n in range(5)]
    mentor = person(rng, 1000, capacity=2, **same)
    result = match(mentees, [mentor], Settings())
    assert len(result.pairs) == 2
    assert {u.reason for u in result.unmatched} == {"mentors_full"}


def test_pins_are_kept_even_against_the_optimum_and_use_capacity() -> None:
    people, guides = programme(8, 12, 4)
    free = match(people, guides, Settings())
    worst = min(free.pairs, key=lambda p: p.score)
    pin = (people[0].id, worst.mentor_id)
    pinned = match(people, guides, Settings(pins=(pin,)))
    assert any(p.pinned and (p.mentee_id, p.mentor_id) == pin for p in pinned.pairs)
    check_constraints(pinned, people, guides, Settings())


def test_priority_is_matching_the_most_people() -> None:
    rng = random.Random(9)
    # Mentor A suits both mentees; mentor B only suits mentee 2, poorly.
    zone = "Europe/Paris"
    a = person(rng, 1000, capacity=1, languages=frozenset({"en", "fr"}), timezone=zone)
    b = person(rng, 1001, capacity=1, languages=frozenset({"fr"}), timezone=zone)
    one = person(rng, 1, languages=frozenset({"en"}), timezone=zone)
    two = person(rng, 2, languages=frozenset({"fr"}), timezone=zone)
    result = match([one, two], [a, b], Settings())
    assert len(result.pairs) == 2


def test_bad_input_gives_a_clear_result_not_an_exception() -> None:
    rng = random.Random(10)
    empty = match([], [], Settings())
    assert (empty.pairs, empty.unmatched, empty.gap) == ([], [], 0.0)
    nobody_free = match([person(rng, 1)], [person(rng, 1000, capacity=0)], Settings())
    assert nobody_free.unmatched[0].reason == "no_feasible_mentor"
    blank = Person(id=5, languages=frozenset({"en"}), windows=((0, "09:00", "17:00"),))
    guide = Person(
        id=1005, capacity=1, languages=frozenset({"en"}), windows=((0, "09:00", "17:00"),)
    )
    result = match([blank], [guide], Settings())
    assert len(result.pairs) == 1
    assert set(result.pairs[0].components) == {"logistics"}  # nothing else is known
    unknown_zone = match([Person(id=6, timezone="Mars/Base")], [guide], Settings())
    assert unknown_zone.unmatched[0].reason == "no_feasible_mentor"


def test_zero_weights_drop_a_component() -> None:
    people, guides = programme(11, 6, 3)
    result = match(people, guides, Settings(weights=Weights(values=0, personality=0)))
    assert all("values" not in p.components for p in result.pairs)


def test_explanations_mention_only_what_contributed() -> None:
    people, guides = programme(12, 15, 5)
    config = Settings(
        weights=Weights(personality=0), value_labels=tuple(f"V{n}" for n in range(10))
    )
    result = match(people, guides, config)
    by_id = {p.id: p for p in [*people, *guides]}
    for pair in result.pairs:
        reasons = explain(pair, by_id[pair.mentee_id], by_id[pair.mentor_id], config)
        assert reasons and all(pair.contributions[r.component] > 0 for r in reasons)
        assert "personality" not in {r.component for r in reasons}
        assert [r.contribution for r in reasons] == sorted(
            (r.contribution for r in reasons), reverse=True
        )


def test_explanation_words() -> None:
    rng = random.Random(13)
    mentee = person(
        rng,
        1,
        values=(6, 1, 1, 1, 1, 1, 1, 1, 5, 4),
        skills_sought=frozenset({"a", "b"}),
        timezone="Europe/London",
        languages=frozenset({"en"}),
        text="leading remote teams",
    )
    mentor = person(
        rng,
        1000,
        capacity=1,
        name="Kenji Sato",
        values=(6, 1, 1, 1, 1, 1, 1, 1, 4, 5),
        skills_offered=frozenset({"a", "b", "c"}),
        timezone="Asia/Tokyo",
        languages=frozenset({"en"}),
        text="I love leading teams across time zones",
        windows=tuple((d, "09:00", "21:00") for d in range(5)),
    )
    config = Settings(
        value_labels=(
            "Self-direction",
            *(f"V{n}" for n in range(1, 8)),
            "Benevolence",
            "Universalism",
        )
    )
    pair = match([mentee], [mentor], config).pairs[0]
    text = " ".join(r.text for r in explain(pair, mentee, mentor, config))
    assert "Self-direction" in text and "Benevolence" in text
    assert "Kenji offers 2 of the 2 skills you want to build: a and b" in text
    assert "your mornings, Kenji's evenings" in text
    assert "leading" in text


def test_the_engine_imports_no_django() -> None:
    code = (
        "import sys, kindred.engines.matching as m, kindred.engines.matching.explain, "
        "kindred.engines.matching.fairness, kindred.engines.scheduling, "
        "kindred.engines.calendar; "
        "print(any(name == 'django' or name.startswith('django.') for name in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "False"


def test_same_input_same_output() -> None:
    people, guides = programme(14, 30, 8)
    first, second = match(people, guides, Settings()), match(people, guides, Settings())
    assert first.pairs == second.pairs and first.objective == second.objective


def test_mentor_reads_the_same_pair_from_their_side() -> None:
    rng = random.Random(15)
    same: dict[str, Any] = {"languages": frozenset({"en"}), "timezone": "Europe/London"}
    mentee = person(rng, 1, name="Ana Lima", skills_sought=frozenset({"a", "b"}), **same)
    mentor = person(
        rng, 1000, capacity=1, name="Kenji Sato", skills_offered=frozenset({"a"}), **same
    )
    config = Settings(value_labels=tuple(f"V{n}" for n in range(10)))
    pair = match([mentee], [mentor], config).pairs[0]
    to_mentor = " ".join(r.text for r in explain(pair, mentee, mentor, config, to="mentor"))
    assert "You offer 1 of the 2 skills Ana wants to build: a" in to_mentor


def test_suggestions_and_evaluation() -> None:
    people, guides = programme(16, 3, 8)
    config = Settings()
    ranked = suggest(people[0], guides, config, limit=3)
    assert len(ranked) <= 3
    assert [p.score for p in ranked] == sorted((p.score for p in ranked), reverse=True)
    assert all(g.capacity > 0 for g in guides if g.id in {p.mentor_id for p in ranked})
    scored = evaluate(people, guides, config, [(people[1].id, guides[0].id)])
    assert scored[0].mentee_id == people[1].id and 0 <= scored[0].score <= 1


def test_the_engine_reads_no_clock_unless_given_one() -> None:
    people, guides = programme(17, 5, 3)
    phases = ("building", "scoring", "flow", "certificate", "candidates", "result")
    assert match(people, guides, Settings()).timings == dict.fromkeys(phases, 0.0)
    ticks = iter(range(100))
    timed = match(people, guides, Settings(), timer=lambda: float(next(ticks)))
    assert set(timed.timings) == set(phases)
    # One tick per phase passed (the candidates phase only runs between rounds).
    assert sum(timed.timings.values()) == next(ticks) - 1
    assert timed.timings["scoring"] == 1.0
