"""Peer matching: pairs from one pool, with no mentor side, each person in
as many pairs as their capacity allows.

The graph is not bipartite, so the mentor engine's flow does not apply.
Instead:

1. Every pair is scored both ways by the same kernel (each person once as
   the one who seeks, once as the one who offers); a pair's score is the
   mean of the two, and it is feasible only if both ways are.
2. The linear relaxation (each pair used between 0 and 1 times, each
   person in at most their capacity) is solved on candidate pairs with
   GLOP. Every pair outside the candidates is priced against its duals,
   and any that could improve the relaxation joins them, until none can.
   The dual's value is then an upper bound on every peer matching, over
   all pairs (weak duality: the prices are checked against each pair).
3. The relaxation's whole pairs are kept, and CP-SAT finds the best
   matching of the people it leaves with room (in split pairs, or left
   over), over every feasible pair among them.
4. While the bound is above that matching, blossom inequalities cut off
   the relaxation's split pairs (Edmonds, for capacities: the pairs inside
   a group S, with a set F of pairs leaving it, where b(S) + |F| is odd,
   hold at most (b(S) + |F| - 1) / 2), the bound comes down, and the cut
   relaxation is searched from too. An odd number of places in all is cut
   from the start: one is always left over.

The result is certified optimal when its value reaches the bound (rounded
down: values are integers); otherwise the gap is reported. Matching as
many people as possible comes first, as in the mentor engine: each pair is
worth a constant larger than any total of scores."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model
from scipy import sparse
from scipy.sparse import csgraph

from kindred.engines.matching.kernel import LEVELS
from kindred.engines.matching.model import Pair, Person, Settings
from kindred.engines.matching.problem import build_problem
from kindred.engines.matching.solver import pairs_of, score_all

PRICING_ROUNDS = 30
CUT_ROUNDS = 12  # rounds of blossom cuts, to bring the bound down to the matching
PRICED_PER_PERSON = 8  # improving pairs added per person and round
PRICE_BLOCK = 512  # rows priced at once (memory stays flat)
SLACK = 0.01  # see _rounded
SEARCH_SECONDS = 4.0  # at most, for each search of the people left over


@dataclass(frozen=True)
class PeerPair:
    first_id: int
    second_id: int
    score: float  # the mean of the two directions
    # The pair seen from each side (first seeks what second offers, then the
    # reverse), so each person's explanation speaks to them.
    as_first: Pair
    as_second: Pair


@dataclass
class PeerResult:
    pairs: list[PeerPair]
    unmatched: list[int]  # people left with no pair at all
    objective: float  # total score of the pairs
    bound: float  # no peer matching of as many pairs scores more
    gap: float  # (bound - objective) / bound; 0 proves optimality
    candidate_pairs: int
    pricing_rounds: int
    timings: dict[str, float] = field(default_factory=dict)
    more_matchable: int = 0  # at most this many more pairs might be formed

    @property
    def certified(self) -> bool:
        return self.gap == 0.0 and self.more_matchable == 0


def match_peers(
    people: Sequence[Person],
    settings: Settings,
    *,
    timer: Callable[[], float] | None = None,
) -> PeerResult:
    """The best peer pairs. Each person's `capacity` is how many pairs they
    may be in (at least one)."""
    clock = timer or (lambda: 0.0)
    began = clock()
    people = [replace(p, capacity=max(p.capacity, 1)) for p in people]
    capacity = np.array([p.capacity for p in people], dtype=np.int64)
    weight, problem = _symmetric_quality(people, settings)
    scored = clock()
    bonus = (LEVELS + 1) * (len(people) + 1)  # more than any total of scores
    relaxation = _Relaxation(weight, capacity, bonus)
    relaxation.add_pairs(_best_per_person(weight, settings.candidates_per_mentee))
    if capacity.sum() % 2:  # an odd number of places: one is always left over
        relaxation.add_blossom(np.arange(len(people)), np.zeros(0, dtype=np.int64))
    bound_total, rounds = _priced(relaxation, weight, bonus)
    priced = clock()
    # The whole pairs come from the relaxation before any cut: it splits
    # fewest pairs then, so what is left for the search is smallest.
    picked = _whole_matching(relaxation, settings)
    primal = _value(picked, weight, bonus)
    searched = clock()
    bound_total, cuts = _tighten(relaxation, weight, bonus, bound_total, primal)
    if cuts and _rounded(bound_total) > primal:
        # The cut relaxation may keep better whole pairs: search from it too.
        again = _whole_matching(relaxation, settings)
        if _value(again, weight, bonus) > primal:
            picked = again
    timings = {"scoring": scored - began, "relaxation": priced - scored,
               "search": searched - priced, "cuts": clock() - searched}  # fmt: skip
    return _result(people, problem, weight, picked, bound_total, bonus, relaxation.pairs,
                   rounds + cuts, timings)  # fmt: skip


def _tighten(
    relaxation: _Relaxation, weight: np.ndarray, bonus: int, bound_total: float, primal: int
) -> tuple[float, int]:
    """Blossom cuts while the bound is above the matching found; returns
    the lowest bound proved and the rounds of cuts."""
    cuts = 0
    while _rounded(bound_total) > primal and cuts < CUT_ROUNDS:
        found = relaxation.violated_blossoms()
        if not found:
            break
        for group, leaving in found:
            relaxation.add_blossom(group, leaving)
        bound_total = min(bound_total, _priced(relaxation, weight, bonus)[0])
        cuts += 1
    return bound_total, cuts


def _priced(relaxation: _Relaxation, weight: np.ndarray, bonus: int) -> tuple[float, int]:
    """Solve, and add the pairs that could improve it, until none can.
    Returns the bound it proves over every pair (weak duality: the people's
    and the blossoms' prices, plus each pair's excess over them, none
    outside the candidates once pricing is done), and the rounds taken."""
    rounds = 0
    while True:
        relaxation.solve()
        improving, outside = _price(weight, relaxation, bonus)
        if not len(improving) or rounds >= PRICING_ROUNDS:
            return relaxation.dual_value() + outside, rounds
        relaxation.add_pairs(improving)
        rounds += 1


def _value(pairs: np.ndarray, weight: np.ndarray, bonus: int) -> int:
    return int((bonus + weight[pairs[:, 0], pairs[:, 1]].astype(np.int64)).sum())


def _rounded(bound_total: float) -> int:
    """Values are whole numbers, the bound a sum of floats: rounded down
    after a little slack, it never cuts below the true bound."""
    return int(np.floor(bound_total + SLACK))


def _symmetric_quality(people: list[Person], settings: Settings) -> tuple[np.ndarray, object]:
    """The uint16 quality of every pair, the same both ways (0: infeasible,
    or a person with themself)."""
    flat = replace(settings, min_level_gap=None, reverse=False, pins=())  # peers: no level rule
    problem = build_problem(people, people, flat)
    quality, _, _ = score_all(problem, np.zeros(0, dtype=np.int64))
    # floor((q + q.T) / 2) in uint16, without a wider copy of the matrix.
    weight = (quality >> 1) + (quality.T >> 1) + (quality & quality.T & 1)
    weight[(quality == 0) | (quality.T == 0)] = 0
    np.fill_diagonal(weight, 0)
    return weight, problem


def _best_per_person(weight: np.ndarray, k: int) -> np.ndarray:
    """Each person's best k partners, as (i, j) with i < j, each once."""
    n = weight.shape[0]
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    k = min(k, n - 1)
    best = np.argpartition(-weight.astype(np.int32), k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(n), k)
    cols = best.ravel()
    keep = weight[rows, cols] > 0
    return _union(np.zeros((0, 2), dtype=np.int64), np.column_stack([rows, cols])[keep])


def _union(edges: np.ndarray, extra: np.ndarray) -> np.ndarray:
    both = np.concatenate([edges, extra]).astype(np.int64)
    ordered = np.sort(both, axis=1)
    return np.unique(ordered[ordered[:, 0] != ordered[:, 1]], axis=0)


class _Relaxation:
    """The linear relaxation over the candidate pairs, grown in place: new
    pairs (columns) and blossom inequalities (rows) are added between
    solves, and GLOP starts again from where it was."""

    def __init__(self, weight: np.ndarray, capacity: np.ndarray, bonus: int) -> None:
        self.weight, self.capacity, self.bonus = weight, capacity, bonus
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.people = [self.solver.Constraint(0.0, float(b)) for b in capacity.tolist()]
        self.objective = self.solver.Objective()
        self.objective.SetMaximization()
        self.pairs = np.zeros((0, 2), dtype=np.int64)
        self.x: list[pywraplp.Variable] = []
        # (the group, sorted; the keys of its pairs leaving it; the limit; the row)
        self.blossoms: list[tuple[np.ndarray, np.ndarray, int, pywraplp.Constraint]] = []

    def add_pairs(self, pairs: np.ndarray) -> None:
        fresh = _union(np.zeros((0, 2), dtype=np.int64), pairs)
        if len(self.pairs):
            known = set((self.pairs[:, 0] * len(self.capacity) + self.pairs[:, 1]).tolist())
            keys = fresh[:, 0] * len(self.capacity) + fresh[:, 1]
            fresh = fresh[[key not in known for key in keys.tolist()]]
        gains = self.bonus + self.weight[fresh[:, 0], fresh[:, 1]].astype(np.float64)
        for (i, j), gain in zip(fresh.tolist(), gains.tolist(), strict=True):
            var = self.solver.NumVar(0.0, 1.0, "")
            self.people[i].SetCoefficient(var, 1.0)
            self.people[j].SetCoefficient(var, 1.0)
            for group, _, _, row in self.blossoms:
                if _inside(group, i) and _inside(group, j):
                    row.SetCoefficient(var, 1.0)
            self.objective.SetCoefficient(var, gain)
            self.x.append(var)
        self.pairs = np.concatenate([self.pairs, fresh])

    def add_blossom(self, group: np.ndarray, leaving: np.ndarray) -> None:
        """x(pairs inside `group`) + x(`leaving` pairs) <= (b + |F| - 1) / 2."""
        limit = (int(self.capacity[group].sum()) + len(leaving) - 1) // 2
        row = self.solver.Constraint(0.0, float(limit))
        for e in np.flatnonzero(self._in_blossom(self.pairs, group, leaving)).tolist():
            row.SetCoefficient(self.x[e], 1.0)
        self.blossoms.append((np.sort(group), np.sort(leaving), limit, row))

    def _in_blossom(self, pairs: np.ndarray, group: np.ndarray, leaving: np.ndarray) -> np.ndarray:
        inside = np.isin(pairs[:, 0], group) & np.isin(pairs[:, 1], group)
        keys = pairs[:, 0] * len(self.capacity) + pairs[:, 1]
        return inside | np.isin(keys, leaving)

    def solve(self) -> None:
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            raise RuntimeError("The peer relaxation could not be solved.")
        self.values = np.array([var.solution_value() for var in self.x])
        self.duals = np.array([max(row.dual_value(), 0.0) for row in self.people])
        self.blossom_duals = [max(row.dual_value(), 0.0) for *_, row in self.blossoms]

    def reduced(self, pairs: np.ndarray) -> np.ndarray:
        """What each pair is worth beyond the prices of its people and of
        the blossoms it lies in."""
        gain = self.bonus + self.weight[pairs[:, 0], pairs[:, 1]].astype(np.float64)
        value = gain - self.duals[pairs[:, 0]] - self.duals[pairs[:, 1]]
        for (group, leaving, _, _), price in zip(self.blossoms, self.blossom_duals, strict=True):
            if price > 0:
                value -= price * self._in_blossom(pairs, group, leaving)
        return value

    def charge_blossoms(self, reduced: np.ndarray, start: int, stop: int) -> None:
        """Take each blossom's price off the pairs it holds, in a block of
        rows [start, stop) of the whole pairs matrix."""
        n = len(self.capacity)
        for (group, leaving, _, _), price in zip(self.blossoms, self.blossom_duals, strict=True):
            if price <= 0:
                continue
            rows = group[(group >= start) & (group < stop)]
            if len(group) == n:  # the whole pool
                reduced -= price
            elif len(rows):
                reduced[np.ix_(rows - start, group)] -= price
            for key in leaving.tolist():
                for i, j in ((key // n, key % n), (key % n, key // n)):
                    if start <= i < stop:
                        reduced[i - start, j] -= price

    def dual_value(self) -> float:
        """The dual objective at these prices, over the candidates."""
        excess = np.maximum(self.reduced(self.pairs), 0.0).sum() if len(self.pairs) else 0.0
        return float(
            (self.capacity * self.duals).sum()
            + sum(limit * price for (_, _, limit, _), price in
                  zip(self.blossoms, self.blossom_duals, strict=True))
            + excess
        )  # fmt: skip

    def violated_blossoms(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Groups of people joined by half-used pairs, with the whole pairs
        leaving them, that hold more than whole pairs could."""
        split = (self.values > 1e-6) & (self.values < 1 - 1e-6)
        if not split.any():
            return []
        n = len(self.capacity)
        ends = self.pairs[split]
        graph = sparse.coo_matrix((np.ones(len(ends)), (ends[:, 0], ends[:, 1])), shape=(n, n))
        _, label = csgraph.connected_components(graph, directed=False)
        cuts = []
        for component in np.unique(label[np.unique(ends.ravel())]).tolist():
            group = np.flatnonzero(label == component)
            inside_a = np.isin(self.pairs[:, 0], group)
            inside_b = np.isin(self.pairs[:, 1], group)
            crossing = (inside_a != inside_b) & (self.values > 1 - 1e-6)
            leaving = self.pairs[crossing]
            if (int(self.capacity[group].sum()) + len(leaving)) % 2 == 0:
                continue
            held = self.values[inside_a & inside_b].sum() + len(leaving)
            if held > (int(self.capacity[group].sum()) + len(leaving) - 1) // 2 + 1e-6:
                cuts.append((group, leaving[:, 0] * n + leaving[:, 1]))
        return cuts


def _inside(group: np.ndarray, person: int) -> bool:
    at = int(np.searchsorted(group, person))
    return at < len(group) and int(group[at]) == person


def _price(weight: np.ndarray, relaxation: _Relaxation, bonus: int) -> tuple[np.ndarray, float]:
    """Pairs outside the candidates worth more than their prices (their
    people's, and the blossoms' they lie in; each person's best few), and
    the total of that excess over every such pair: zero proves the
    relaxation's value a bound over all."""
    n = weight.shape[0]
    duals, candidates = relaxation.duals, relaxation.pairs
    found, outside = [], 0.0
    both_ways = np.concatenate([candidates, candidates[:, ::-1]])
    both_ways = both_ways[np.argsort(both_ways[:, 0], kind="stable")]
    for start in range(0, n, PRICE_BLOCK):
        stop = min(start + PRICE_BLOCK, n)
        reduced = weight[start:stop].astype(np.float64) + bonus
        reduced -= duals[start:stop, None] + duals[None, :]
        relaxation.charge_blossoms(reduced, start, stop)
        reduced[weight[start:stop] == 0] = 0.0  # infeasible, and each person with themself
        first, last = np.searchsorted(both_ways[:, 0], [start, stop])
        known = both_ways[first:last]
        reduced[known[:, 0] - start, known[:, 1]] = 0.0
        np.maximum(reduced, 0.0, out=reduced)
        outside += float(reduced.sum()) / 2  # each pair is seen from both sides
        k = min(PRICED_PER_PERSON, n)
        best = np.argpartition(-reduced, k - 1, axis=1)[:, :k]
        good = reduced[np.arange(stop - start)[:, None], best] > 1e-6
        pairs = np.column_stack([np.repeat(np.arange(start, stop), k), best.ravel()])
        found.append(pairs[good.ravel()])
    improving = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    return _union(np.zeros((0, 2), dtype=np.int64), improving), outside


def _whole_matching(relaxation: _Relaxation, settings: Settings) -> np.ndarray:
    """Whole pairs: the relaxation's own, kept, and the best matching of
    the people it leaves with room (those in split pairs, and any left
    over), by CP-SAT over every feasible pair among them. They are few, so
    the search proves its part optimal in moments."""
    weight, bonus, capacity = relaxation.weight, relaxation.bonus, relaxation.capacity
    kept = relaxation.pairs[relaxation.values > 1 - 1e-6]
    room = capacity - np.bincount(kept.ravel(), minlength=len(capacity))
    left = np.flatnonzero(room > 0)
    sub = weight[np.ix_(left, left)]
    i, j = np.nonzero(np.triu(sub, 1))
    taken = set((kept[:, 0] * len(capacity) + kept[:, 1]).tolist())
    open_pairs = [
        (a, b) for a, b in zip(left[i].tolist(), left[j].tolist(), strict=True)
        if a * len(capacity) + b not in taken
    ]  # fmt: skip
    chosen = [tuple(pair) for pair in kept.tolist()]
    if open_pairs:
        chosen += _search(open_pairs, weight, bonus, room, settings)
    return np.array(sorted(chosen), dtype=np.int64).reshape(-1, 2)


def _search(
    pairs: list[tuple[int, int]], weight: np.ndarray, bonus: int, room: np.ndarray,
    settings: Settings,
) -> list[tuple[int, int]]:  # fmt: skip
    model = cp_model.CpModel()
    x = [model.new_bool_var("") for _ in pairs]
    touching: dict[int, list[int]] = {}
    for e, pair in enumerate(pairs):
        for person in pair:
            touching.setdefault(person, []).append(e)
    for person, arcs in touching.items():
        if len(arcs) > room[person]:
            model.add(sum(x[e] for e in arcs) <= int(room[person]))
    model.maximize(
        sum((bonus + int(weight[a, b])) * var for (a, b), var in zip(pairs, x, strict=True))
    )
    solver = cp_model.CpSolver()
    budget = settings.time_budget_seconds
    solver.parameters.max_time_in_seconds = min(SEARCH_SECONDS, budget or SEARCH_SECONDS)
    solver.parameters.num_workers = settings.threads or 8
    if solver.Solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    return [pair for pair, var in zip(pairs, x, strict=True) if solver.Value(var)]


def _result(
    people: list[Person],
    problem: object,
    weight: np.ndarray,
    picked: np.ndarray,
    bound_total: float,
    bonus: int,
    candidates: np.ndarray,
    rounds: int,
    timings: dict[str, float],
) -> PeerResult:
    per_pair = bonus + 1
    primal = _value(picked, weight, bonus)
    # Values are whole numbers: the best matching is worth at most the
    # bound rounded down (a hair of slack for the solver's arithmetic).
    best_possible = max(_rounded(bound_total), primal)
    more_pairs = max(best_possible // per_pair - len(picked), 0)
    objective = (primal - per_pair * len(picked)) / LEVELS
    bound_units = (best_possible - per_pair * len(picked)) / LEVELS
    # No pair scores above 1, so the total is also bounded by the count.
    bound = min(bound_units, len(picked) + more_pairs)
    in_a_pair = set(picked.ravel().tolist())
    return PeerResult(
        pairs=_peer_pairs(problem, picked, weight),
        unmatched=[p.id for n, p in enumerate(people) if n not in in_a_pair],
        objective=objective,
        bound=bound,
        gap=(bound - objective) / bound if bound > 0 else 0.0,
        candidate_pairs=len(candidates),
        pricing_rounds=rounds,
        timings=timings,
        more_matchable=more_pairs,
    )


def _peer_pairs(problem: object, picked: np.ndarray, weight: np.ndarray) -> list[PeerPair]:
    if not len(picked):
        return []
    forward = pairs_of(problem, picked[:, 0], picked[:, 1], pinned=False)  # type: ignore[arg-type]
    backward = pairs_of(problem, picked[:, 1], picked[:, 0], pinned=False)  # type: ignore[arg-type]
    return [
        PeerPair(
            first_id=there.mentee_id,
            second_id=there.mentor_id,
            score=round(float(weight[i, j] - 1) / LEVELS, 5),
            as_first=there,
            as_second=back,
        )
        for (i, j), there, back in zip(picked.tolist(), forward, backward, strict=True)
    ]
