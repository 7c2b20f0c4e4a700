"""Optimal assignment with a certificate.

Every feasible pair's score is quantised to an integer q in 1..65535 (0 marks
an infeasible pair) and kept in one uint16 matrix, two bytes a pair. Mentees
with identical rows become one flow node (groups.py). The flow problem is
solved on candidate pairs only; mentor prices (the duals) from that solution
are then checked against *every* feasible pair (certificate.py). Pairs that
could improve the result join the candidates and the flow is solved again.
When none can, the dual bound computed over all pairs equals the objective:
the assignment is proven optimal (gap 0). A run that reaches a budget first
says so (MatchResult.stopped) with its bound.

Matching as many mentees as possible comes first: each match is worth a
constant larger than any total of scores, and the scores decide among the
assignments that match the most people."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from kindred.engines.matching import certificate, flow, kernel
from kindred.engines.matching.groups import identical_rows
from kindred.engines.matching.kernel import LEVELS
from kindred.engines.matching.model import (
    COMPONENTS,
    MatchResult,
    Pair,
    Person,
    Settings,
    Unmatched,
)
from kindred.engines.matching.parallel import in_parallel
from kindred.engines.matching.problem import Problem, build_problem
from kindred.engines.matching.scoring import score_block, score_pairs

# What one candidate pair costs while it is a flow arc and a certificate
# entry (OR-Tools' arc, its reverse, our edge arrays): for the memory budget.
BYTES_PER_CANDIDATE = 120


def quantise(score: np.ndarray) -> np.ndarray:
    """q = 1 + round(score * LEVELS), halves rounded up as in the kernel."""
    return (1 + np.floor(np.asarray(score, dtype=np.float64) * LEVELS + 0.5)).astype(np.uint16)


def dequantise(q: np.ndarray | int) -> np.ndarray:
    return (np.asarray(q, dtype=np.float64) - 1) / LEVELS


def match(
    mentees: Sequence[Person],
    mentors: Sequence[Person],
    settings: Settings,
    *,
    timer: Callable[[], float] | None = None,
) -> MatchResult:
    """The optimal assignment. The engine reads no clock of its own: pass a
    `timer` (such as time.perf_counter) to have the phases timed and the
    time budget kept."""
    watch = _Stopwatch(timer)
    problem = build_problem(mentees, mentors, settings)
    pinned_rows, pinned_cols, capacity = _apply_pins(problem)
    watch.lap("building")
    quality, feasible_count, edges = score_all(problem, pinned_rows)
    n_m = quality.shape[1]
    groups = identical_rows(quality)
    edges = _add_edges(np.column_stack([groups.of_row[edges[:, 0]], edges[:, 1]]), n_m=n_m)
    watch.lap("scoring")
    bonus = (LEVELS + 1) * (len(mentees) + 1)  # more than any total of scores
    rounds, stopped = 0, ""
    while True:
        solved = flow.solve(edges, quality, groups, capacity, bonus)
        watch.lap("flow")
        check = certificate.certify(
            quality, groups, solved, bonus, settings.block_pairs, settings.threads
        )
        watch.lap("certificate")
        if not check.violating.size:
            break
        stopped = _out_of_budget(settings, rounds, watch.elapsed(), timer is not None, edges)
        if stopped:
            break
        extra = certificate.spread(quality, groups, solved, check, capacity)
        edges = _add_edges(edges, check.best, check.column_best, extra, n_m=n_m)
        rounds += 1
        watch.lap("candidates")
    result = _result(
        problem,
        quality,
        solved,
        check.dual[groups.of_row],
        capacity,
        bonus,
        feasible_count,
        (pinned_rows, pinned_cols),
        (edges, rounds, stopped),
    )
    watch.lap("result")
    result.timings = watch.phases
    return result


class _Stopwatch:
    """Time per phase, summed over rounds, from the caller's clock."""

    PHASES = ("building", "scoring", "flow", "certificate", "candidates", "result")

    def __init__(self, timer: Callable[[], float] | None) -> None:
        self.clock = timer or (lambda: 0.0)
        self.began = self.last = self.clock()
        self.phases = dict.fromkeys(self.PHASES, 0.0)

    def lap(self, phase: str) -> None:
        now = self.clock()
        self.phases[phase] += now - self.last
        self.last = now

    def elapsed(self) -> float:
        return self.last - self.began


def _out_of_budget(
    settings: Settings, rounds: int, seconds: float, timed: bool, edges: np.ndarray
) -> str:
    """Why the search must stop short of a proof, or "" while it may go on."""
    if rounds >= settings.max_certificate_rounds:
        return "rounds"
    budget = settings.time_budget_seconds
    if timed and budget is not None and seconds >= budget:
        return "time"
    if len(edges) * BYTES_PER_CANDIDATE >= settings.memory_budget_mb * 2**20:
        return "memory"
    return ""


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


def score_all(
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

    fast = kernel.build(problem)

    def one_block(start: int) -> np.ndarray:
        rows = slice(start, min(start + step, n_e))
        block = kernel.quality(fast, rows)
        feasible_count[rows] = np.count_nonzero(block, axis=1)
        block[pinned[rows]] = 0
        quality[rows] = block  # blocks write disjoint rows: safe across threads
        if not k:
            return np.zeros((0, 2), dtype=np.int64)
        best = kernel.best_columns(block, k)
        pairs = np.column_stack([np.repeat(np.arange(start, rows.stop), k), best.ravel()])
        return pairs[block[pairs[:, 0] - start, pairs[:, 1]] > 0]

    candidates = in_parallel(one_block, range(0, n_e, step), problem.settings.threads)
    edges = np.concatenate(candidates) if candidates else np.zeros((0, 2), dtype=np.int64)
    return quality, feasible_count, edges


def _add_edges(edges: np.ndarray, *extra: np.ndarray, n_m: int) -> np.ndarray:
    """The union of candidate pairs, each once, in (row, col) order."""
    if not n_m:
        return np.zeros((0, 2), dtype=np.int64)
    keys = np.sort(np.concatenate([pairs[:, 0] * n_m + pairs[:, 1] for pairs in (edges, *extra)]))
    keys = keys[np.concatenate([keys[:1] >= 0, keys[1:] != keys[:-1]])]
    return np.column_stack([keys // n_m, keys % n_m])


def _result(
    problem: Problem,
    quality: np.ndarray,
    solved: flow.Flow,
    dual_mentee: np.ndarray,
    capacity: np.ndarray,
    bonus: int,
    feasible_count: np.ndarray,
    pins: tuple[np.ndarray, np.ndarray],
    search: tuple[np.ndarray, int, str],
) -> MatchResult:
    assignment = solved.assignment
    edges, rounds, stopped = search
    rows = np.flatnonzero(assignment >= 0)
    per_match = bonus + 1
    primal = int((bonus + quality[rows, assignment[rows]].astype(np.int64)).sum())
    bound_total = max(int(dual_mentee.sum() + (capacity * solved.prices).sum()), primal)
    # Any assignment is worth at most the bound, and each match at least
    # `per_match`: so no assignment matches more than bound // per_match.
    # Nor more than the mentees someone could take, or the places left.
    waiting = (feasible_count > 0) & (assignment < 0)
    waiting[pins[0]] = False  # a pinned mentee is placed already
    could_be_placed = int(waiting.sum())
    places_left = int(np.maximum(capacity, 0).sum()) - len(rows)
    more_matchable = min(bound_total // per_match - len(rows), could_be_placed, places_left)
    objective_units = primal - per_match * len(rows)
    bound_units = bound_total - per_match * len(rows)
    pin_rows, pin_cols = pins
    pairs = pairs_of(problem, rows, assignment[rows], pinned=False)
    pairs += pairs_of(problem, pin_rows, pin_cols, pinned=True)
    pinned_score = sum(pair.score for pair in pairs if pair.pinned)
    objective = objective_units / LEVELS + pinned_score
    # No pair scores above 1, so the total is also bounded by the count.
    bound = min(bound_units / LEVELS, len(rows) + more_matchable) + pinned_score
    with_room = _left_with_room(quality, assignment, capacity) if stopped else set()
    unmatched = _unmatched(problem, assignment, feasible_count, set(pin_rows.tolist()), with_room)
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
        timings={},
        more_matchable=more_matchable,
        stopped=stopped,
    )


def pairs_of(problem: Problem, rows: np.ndarray, cols: np.ndarray, *, pinned: bool) -> list[Pair]:
    if not len(rows):
        return []
    scores = score_pairs(problem, rows, cols)
    weights = dict(zip(COMPONENTS, problem.weights.tolist(), strict=True))
    # Plain lists first: indexing numpy arrays one element at a time is slow.
    used = [c for c in COMPONENTS if weights[c] > 0]
    known = {c: np.broadcast_to(scores.known[c], rows.shape).tolist() for c in used}
    values = {c: scores.components[c].tolist() for c in used}
    shown = dequantise(quantise(scores.score)).tolist()
    hours = scores.overlap_hours.tolist()
    feasible = (scores.feasible & (problem.mentors.capacity[cols] > 0)).tolist()
    mentee_ids = problem.mentees.ids[rows].tolist()
    mentor_ids = problem.mentors.ids[cols].tolist()
    pairs = []
    for k in range(len(rows)):
        here = [c for c in used if known[c][k]]
        total_weight = sum(weights[c] for c in here) or 1.0
        components = {c: round(values[c][k], 4) for c in here}
        pairs.append(
            Pair(
                mentee_id=mentee_ids[k],
                mentor_id=mentor_ids[k],
                score=round(shown[k], 5),
                components=components,
                contributions={
                    c: round(weights[c] * components[c] / total_weight, 4) for c in here
                },
                overlap_hours=round(hours[k], 2),
                pinned=pinned,
                feasible=feasible[k],
            )
        )
    return pairs


def _unmatched(
    problem: Problem,
    assignment: np.ndarray,
    feasible_count: np.ndarray,
    pinned: set[int],
    stopped_with_room: set[int],
) -> list[Unmatched]:
    result = []
    for row in np.flatnonzero(assignment < 0).tolist():
        if row in pinned:
            continue
        if feasible_count[row] == 0:
            reason = "no_feasible_mentor"
        elif row in stopped_with_room:
            reason = "search_stopped"
        else:
            reason = "mentors_full"
        result.append(Unmatched(int(problem.mentees.ids[row]), reason, int(feasible_count[row])))
    return result


def _left_with_room(quality: np.ndarray, assignment: np.ndarray, capacity: np.ndarray) -> set[int]:
    """Unmatched mentees with a feasible mentor who still has room. A proven
    optimum matches the most people, so it has none; a search stopped at a
    budget may, and must not tell them their mentors are full."""
    load = np.bincount(assignment[assignment >= 0], minlength=quality.shape[1])
    room = capacity - load > 0
    waiting = np.flatnonzero(assignment < 0)
    found: set[int] = set()
    for start in range(0, len(waiting), 1024):
        rows = waiting[start : start + 1024]
        found.update(rows[(quality[rows][:, room] > 0).any(axis=1)].tolist())
    return found


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
    return pairs_of(problem, rows, cols, pinned=False)


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
    return pairs_of(problem, np.zeros(len(best), dtype=np.int64), best, pinned=False)
