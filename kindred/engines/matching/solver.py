"""Optimal assignment with a certificate.

Every feasible pair's score is quantised to an integer q in 1..65535 (0 marks
an infeasible pair) and kept in one uint16 matrix, two bytes a pair. The flow
problem is solved on each mentee's best candidates only; mentor prices (the
duals) from that solution are then checked against *every* feasible pair.
A pair whose reduced cost could improve the result joins the candidates and
the flow is solved again. When no pair can, the dual bound computed over all
pairs equals the objective: the assignment is proven optimal (gap 0).

Matching as many mentees as possible comes first: each match is worth a
constant larger than any total of scores, and the scores decide among the
assignments that match the most people."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from ortools.graph.python import min_cost_flow
from threadpoolctl import threadpool_limits

from kindred.engines.matching.model import (
    COMPONENTS,
    MatchResult,
    Pair,
    Person,
    Settings,
    Unmatched,
)
from kindred.engines.matching.scoring import Problem, build_problem, score_block, score_pairs

T = TypeVar("T")

LEVELS = 65534  # a score s becomes q = 1 + round(s * LEVELS)
ADDED_PER_VIOLATION = 48  # generous, so that one round settles it


def quantise(score: np.ndarray) -> np.ndarray:
    return (1 + np.rint(score * LEVELS)).astype(np.uint16)


def dequantise(q: np.ndarray | int) -> np.ndarray | float:
    return (np.asarray(q, dtype=np.float64) - 1) / LEVELS


@dataclass
class _Flow:
    assignment: np.ndarray  # mentor column per mentee row, -1 when unmatched
    prices: np.ndarray  # mentor duals (int64)


def match(
    mentees: Sequence[Person],
    mentors: Sequence[Person],
    settings: Settings,
    *,
    timer: Callable[[], float] | None = None,
) -> MatchResult:
    """The optimal assignment. The engine reads no clock of its own: pass a
    `timer` (such as time.perf_counter) to have the phases timed."""
    clock = timer or (lambda: 0.0)
    timings: dict[str, float] = {}
    started = clock()
    problem = build_problem(mentees, mentors, settings)
    pinned_rows, pinned_cols, capacity = _apply_pins(problem)
    quality, feasible_count, edges = _score_all(problem, pinned_rows)
    timings["scoring"] = clock() - started

    started = clock()
    bonus = (LEVELS + 1) * (len(mentees) + 1)  # more than any total of scores
    rounds = 0
    while True:
        flow = _solve_flow(edges, quality, capacity, bonus)
        violations, dual_mentee = _certify(
            quality, flow, bonus, settings.block_pairs, settings.threads
        )
        if not violations.size or rounds >= settings.max_certificate_rounds:
            break
        edges = _add_edges(edges, violations)
        rounds += 1
    timings["solving"] = clock() - started

    return _result(
        problem,
        quality,
        flow,
        dual_mentee,
        capacity,
        bonus,
        feasible_count,
        (pinned_rows, pinned_cols),
        edges,
        rounds,
        timings,
    )


def _apply_pins(problem: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pinned pairs are kept as given and use up their mentor's capacity."""
    row_of = {int(i): n for n, i in enumerate(problem.mentees.ids)}
    col_of = {int(i): n for n, i in enumerate(problem.mentors.ids)}
    rows, cols = [], []
    for mentee_id, mentor_id in problem.settings.pins:
        if mentee_id in row_of and mentor_id in col_of and row_of[mentee_id] not in rows:
            rows.append(row_of[mentee_id])
            cols.append(col_of[mentor_id])
    capacity = problem.mentors.capacity.copy()
    np.subtract.at(capacity, np.array(cols, dtype=np.int64), 1)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.maximum(capacity, 0)


def _score_all(
    problem: Problem, pinned_rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The uint16 quality of every pair (0 = infeasible), each mentee's count
    of feasible mentors, and each mentee's best candidates as (row, col)
    pairs, taken while the block is still in cache."""
    n_e, n_m = len(problem.mentees), len(problem.mentors)
    quality = np.zeros((n_e, n_m), dtype=np.uint16)
    feasible_count = np.zeros(n_e, dtype=np.int64)
    pinned = np.zeros(n_e, dtype=bool)
    pinned[pinned_rows] = True  # pinned mentees are not in the pool
    k = min(problem.settings.candidates_per_mentee, n_m)
    step = max(8, problem.settings.block_pairs // max(n_m, 1))

    def one_block(start: int) -> np.ndarray:
        rows = slice(start, min(start + step, n_e))
        scores = score_block(problem, rows)
        block = np.where(scores.feasible & ~pinned[rows, None], quantise(scores.score), 0)
        quality[rows] = block  # blocks write disjoint rows: safe across threads
        feasible_count[rows] = scores.feasible.sum(axis=1)
        if not k:
            return np.zeros((0, 2), dtype=np.int64)
        best = np.argpartition(block, n_m - k, axis=1)[:, n_m - k :]
        pairs = np.column_stack([np.repeat(np.arange(start, rows.stop), k), best.ravel()])
        return pairs[block[pairs[:, 0] - start, pairs[:, 1]] > 0]

    candidates = _in_parallel(one_block, range(0, n_e, step), problem.settings.threads)
    edges = np.concatenate(candidates) if candidates else np.zeros((0, 2), dtype=np.int64)
    return quality, feasible_count, edges


def _in_parallel(work: Callable[[int], T], starts: range, threads: int) -> list[T]:
    """Run blocks on every core: numpy releases the GIL inside its loops, so
    threads share the element-wise work that a single core would do alone.
    Results come back in block order, so the outcome never depends on timing."""
    workers = threads or min(os.cpu_count() or 1, 8)
    if workers == 1 or len(starts) < 2:
        return [work(start) for start in starts]
    # One BLAS thread per worker: nested thread pools would fight for the cores.
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        return list(pool.map(work, starts))


def _solve_flow(edges: np.ndarray, quality: np.ndarray, capacity: np.ndarray, bonus: int) -> _Flow:
    n_e, n_m = quality.shape
    weight = bonus + quality[edges[:, 0], edges[:, 1]].astype(np.int64)
    source, sink = 0, 1 + n_e + n_m
    mentee_nodes = 1 + np.arange(n_e)
    mentor_nodes = 1 + n_e + np.arange(n_m)
    starts = np.concatenate([np.zeros(n_e), mentee_nodes, mentee_nodes[edges[:, 0]], mentor_nodes])
    ends = np.concatenate(
        [mentee_nodes, np.full(n_e, sink), mentor_nodes[edges[:, 1]], np.full(n_m, sink)]
    )
    capacities = np.concatenate([np.ones(n_e), np.ones(n_e), np.ones(len(edges)), capacity])
    costs = np.concatenate([np.zeros(2 * n_e), -weight, np.zeros(n_m)])
    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        starts.astype(np.int32),
        ends.astype(np.int32),
        capacities.astype(np.int64),
        costs.astype(np.int64),
    )
    solver.set_nodes_supplies(np.array([source, sink]), np.array([n_e, -n_e]))
    if n_e and solver.solve() != solver.OPTIMAL:
        raise RuntimeError("The flow solver did not reach an optimum.")
    flows = solver.flows(arcs) if n_e else np.zeros(len(arcs), dtype=np.int64)
    used = flows[2 * n_e : 2 * n_e + len(edges)] > 0
    assignment = np.full(n_e, -1, dtype=np.int64)
    assignment[edges[used, 0]] = edges[used, 1]
    return _Flow(assignment, _prices(edges, weight, assignment, n_m))


def _prices(edges: np.ndarray, weight: np.ndarray, assignment: np.ndarray, n_m: int) -> np.ndarray:
    """The smallest mentor prices consistent with the restricted optimum,
    by longest-path relaxation of the complementary-slackness conditions."""
    prices = np.zeros(n_m, dtype=np.int64)
    rows, cols = edges[:, 0], edges[:, 1]
    home = assignment[rows]
    unmatched = home < 0
    # An unmatched mentee gains nothing, so each mentor it could have had
    # is worth at least that pair.
    np.maximum.at(prices, cols[unmatched], weight[unmatched])
    matched = (home >= 0) & (home != cols)
    own = np.zeros(len(assignment), dtype=np.int64)
    is_own = home == cols
    own[rows[is_own]] = weight[is_own]
    src, dst = home[matched], cols[matched]
    slack = own[rows[matched]] - weight[matched]
    for _ in range(n_m + 1):
        before = prices.copy()
        np.maximum.at(prices, dst, prices[src] - slack)
        if np.array_equal(before, prices):
            break
    return prices


def _certify(
    quality: np.ndarray, flow: _Flow, bonus: int, block_pairs: int, threads: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each mentee's dual over every feasible pair, and the pairs that beat
    the current solution's duals (empty when the assignment is optimal)."""
    n_e, n_m = quality.shape
    # 32-bit arithmetic halves the memory traffic whenever the numbers fit.
    wide = bonus + 2 * (LEVELS + 1) >= np.iinfo(np.int32).max
    dtype: type[np.signedinteger[Any]] = np.int64 if wide else np.int32
    lowest = np.iinfo(dtype).min
    base = (bonus - flow.prices).astype(dtype)  # reduced cost = quality + base
    held = np.zeros(n_e, dtype=np.int64)
    rows = np.flatnonzero(flow.assignment >= 0)
    cols = flow.assignment[rows]
    held[rows] = np.maximum(quality[rows, cols].astype(np.int64) + base[cols], 0)
    dual = np.zeros(n_e, dtype=np.int64)
    step = max(8, block_pairs // max(n_m, 1))

    def one_block(start: int) -> np.ndarray:
        part = quality[start : start + step]
        reduced = part.astype(dtype) + base[None, :]
        feasible = part > 0
        best = np.max(reduced, axis=1, where=feasible, initial=lowest).astype(np.int64)
        dual[start : start + len(part)] = np.maximum(best, 0)
        better = np.flatnonzero(best > held[start : start + len(part)])
        if not better.size:
            return np.zeros((0, 2), dtype=np.int64)
        k = min(ADDED_PER_VIOLATION, n_m)
        masked = np.where(feasible[better], reduced[better], lowest)
        top = np.argpartition(masked, n_m - k, axis=1)[:, n_m - k :]
        pairs = np.column_stack([np.repeat(better + start, k), top.ravel()])
        return pairs[quality[pairs[:, 0], pairs[:, 1]] > 0]

    added = _in_parallel(one_block, range(0, n_e if n_m else 0, step), threads)
    violations = np.concatenate(added) if added else np.zeros((0, 2), dtype=np.int64)
    return violations, dual


def _add_edges(edges: np.ndarray, extra: np.ndarray) -> np.ndarray:
    return np.unique(np.concatenate([edges, extra]), axis=0)


def _result(
    problem: Problem,
    quality: np.ndarray,
    flow: _Flow,
    dual_mentee: np.ndarray,
    capacity: np.ndarray,
    bonus: int,
    feasible_count: np.ndarray,
    pins: tuple[np.ndarray, np.ndarray],
    edges: np.ndarray,
    rounds: int,
    timings: dict[str, float],
) -> MatchResult:
    assignment = flow.assignment
    rows = np.flatnonzero(assignment >= 0)
    per_match = bonus + 1
    primal = int((bonus + quality[rows, assignment[rows]].astype(np.int64)).sum())
    bound_total = int(dual_mentee.sum() + (capacity * flow.prices).sum())
    objective_units = primal - per_match * len(rows)
    bound_units = max(bound_total - per_match * len(rows), objective_units)
    pin_rows, pin_cols = pins
    pairs = _pairs(problem, rows, assignment[rows], pinned=False)
    pairs += _pairs(problem, pin_rows, pin_cols, pinned=True)
    pinned_score = sum(pair.score for pair in pairs if pair.pinned)
    objective = objective_units / LEVELS + pinned_score
    bound = bound_units / LEVELS + pinned_score
    unmatched = _unmatched(problem, assignment, feasible_count, set(pin_rows.tolist()))
    return MatchResult(
        pairs=pairs,
        unmatched=unmatched,
        objective=objective,
        bound=bound,
        gap=(bound - objective) / bound if bound > 0 else 0.0,
        text_method=problem.text_method,
        feasible_pairs=int(feasible_count.sum()),
        candidate_pairs=len(edges),
        certificate_rounds=rounds,
        timings=timings,
    )


def _pairs(problem: Problem, rows: np.ndarray, cols: np.ndarray, *, pinned: bool) -> list[Pair]:
    if not len(rows):
        return []
    scores = score_pairs(problem, rows, cols)
    weights = dict(zip(COMPONENTS, problem.weights.tolist(), strict=True))
    pairs = []
    for k, (row, col) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        known = [c for c in COMPONENTS if scores.known[c][k] and weights[c] > 0]
        total_weight = sum(weights[c] for c in known) or 1.0
        components = {c: round(float(scores.components[c][k]), 4) for c in known}
        score = float(dequantise(int(quantise(scores.score[k : k + 1])[0])))
        pairs.append(
            Pair(
                mentee_id=int(problem.mentees.ids[row]),
                mentor_id=int(problem.mentors.ids[col]),
                score=round(score, 5),
                components=components,
                contributions={
                    c: round(weights[c] * components[c] / total_weight, 4) for c in known
                },
                overlap_hours=round(float(scores.overlap_hours[k]), 2),
                pinned=pinned,
                feasible=bool(scores.feasible[k]) and _capacity_ok(problem, col),
            )
        )
    return pairs


def _capacity_ok(problem: Problem, col: int) -> bool:
    return bool(problem.mentors.capacity[col] > 0)


def _unmatched(
    problem: Problem, assignment: np.ndarray, feasible_count: np.ndarray, pinned: set[int]
) -> list[Unmatched]:
    result = []
    for row in np.flatnonzero(assignment < 0).tolist():
        if row in pinned:
            continue
        reason = "no_feasible_mentor" if feasible_count[row] == 0 else "mentors_full"
        result.append(Unmatched(int(problem.mentees.ids[row]), reason, int(feasible_count[row])))
    return result


def evaluate(
    mentees: Sequence[Person],
    mentors: Sequence[Person],
    settings: Settings,
    pairs: Sequence[tuple[int, int]],
) -> list[Pair]:
    """Score given (mentee id, mentor id) pairs, feasible or not: for a
    manager's swap, or to show why a pair was proposed."""
    problem = build_problem(mentees, mentors, settings)
    row_of = {int(i): n for n, i in enumerate(problem.mentees.ids)}
    col_of = {int(i): n for n, i in enumerate(problem.mentors.ids)}
    known = [(row_of[a], col_of[b]) for a, b in pairs if a in row_of and b in col_of]
    rows = np.array([r for r, _ in known], dtype=np.int64)
    cols = np.array([c for _, c in known], dtype=np.int64)
    return _pairs(problem, rows, cols, pinned=False)


def suggest(
    mentee: Person, mentors: Sequence[Person], settings: Settings, limit: int = 5
) -> list[Pair]:
    """A mentee's best feasible mentors with room, best first (self-match)."""
    problem = build_problem([mentee], mentors, settings)
    if not len(problem.mentors):
        return []
    scores = score_block(problem, slice(0, 1))
    candidates = np.flatnonzero(scores.feasible[0])
    best = candidates[np.argsort(-scores.score[0, candidates], kind="stable")][:limit]
    return _pairs(problem, np.zeros(len(best), dtype=np.int64), best, pinned=False)
