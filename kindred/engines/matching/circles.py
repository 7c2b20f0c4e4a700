"""Forming mentoring circles: members assigned to facilitators (one circle
each; co-facilitators are one facilitator to the engine), each circle
holding at most `size` members and, if it is formed at all, at least
`min_size`.

With no weight on diversity this is the mentor assignment itself, with
each facilitator's capacity the circle's size: the same certified-optimal
engine (solver.py). With a weight, each circle also earns that much for
every distinct background among its members (a department, a region:
whatever the programme names, never a demographic unless it opts in). A
member whose background is not known (None: they preferred not to say)
earns nothing and costs nothing: they are placed on compatibility alone.
That reward is concave (the first member of a background earns it, the
next ones nothing more), so the problem stays a network flow: member ->
(circle, background) -> circle, the last step through a rewarded arc of
one unit beside a free one. Its linear programme has whole-number optima;
GLOP solves it on candidate pairs, every other pair is priced against its
duals until none could improve it, and the dual's value bounds every
assignment over all pairs (weak duality, checked pair by pair).

A circle below `min_size` is not formed: the smallest such circles'
facilitators are set aside and the rest is solved again, until every
circle formed is large enough. The result is then the best for the
circles formed, says which were not, and is not called certified (which
circles to leave out is a harder problem than this engine proves)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from ortools.linear_solver import pywraplp

from kindred.engines.matching.kernel import LEVELS
from kindred.engines.matching.model import Pair, Person, Settings, Unmatched
from kindred.engines.matching.problem import Problem, build_problem
from kindred.engines.matching.solver import _apply_pins, match, pairs_of, score_all

PRICING_ROUNDS = 40
PRICED_PER_MEMBER = 4
PRICE_BLOCK = 1024
SLACK = 0.01  # values are whole numbers; the bound a sum of floats


@dataclass(frozen=True)
class CircleRules:
    size: int = 6  # most members in a circle
    min_size: int = 3  # fewest members for a circle to be formed
    diversity_weight: float = 0.0  # score per distinct background in a circle


@dataclass
class CircleResult:
    circles: dict[int, list[Pair]]  # facilitator id -> each member's pair with them
    unplaced: list[Unmatched]
    objective: float  # total compatibility plus the diversity reward
    bound: float
    gap: float
    backgrounds: int  # distinct backgrounds, summed over the circles
    not_formed: list[int] = field(default_factory=list)  # facilitators set aside
    stopped: str = ""

    @property
    def pairs(self) -> list[Pair]:
        """Every member with their facilitator: what the fairness audit
        reads (fairness.audit), as it reads a mentor assignment."""
        return [pair for circle in self.circles.values() for pair in circle]

    @property
    def certified(self) -> bool:
        """Proven best. A result with circles set aside for being too small
        is best for the circles formed only, and is not called certified."""
        return not self.stopped and self.gap == 0.0 and not self.not_formed


def form_circles(
    members: Sequence[Person],
    facilitators: Sequence[Person],
    settings: Settings,
    rules: CircleRules,
    *,
    background: Mapping[int, str | None] | None = None,
    timer: Callable[[], float] | None = None,
) -> CircleResult:
    """The best circles. `background` names each member's background (by
    default their department; a member it leaves out has none)."""
    if not 1 <= rules.min_size <= rules.size:
        raise ValueError("A circle's minimum is between 1 and its size.")
    kinds: dict[int, str | None] = {
        p.id: p.department if background is None else background.get(p.id) for p in members
    }
    set_aside: list[int] = []
    while True:
        closed = set(set_aside)
        leading = [replace(f, capacity=rules.size) for f in facilitators if f.id not in closed]
        result = _solve(list(members), leading, settings, rules, kinds, timer)
        sizes = {f: len(circle) for f, circle in result.circles.items()}
        small = [f for f, size in sizes.items() if size < rules.min_size]
        if not small:
            result.not_formed = set_aside
            return result
        # The smallest go first: their members may fill the others up.
        fewest = min(sizes[f] for f in small)
        set_aside += [f for f in small if sizes[f] == fewest]


def _solve(
    members: list[Person],
    facilitators: list[Person],
    settings: Settings,
    rules: CircleRules,
    kinds: Mapping[int, str | None],
    timer: Callable[[], float] | None,
) -> CircleResult:
    if rules.diversity_weight <= 0 or not members or not facilitators:
        return _without_diversity(members, facilitators, settings, kinds, timer)
    problem = build_problem(members, facilitators, settings)
    quality, feasible, edges = score_all(problem, np.zeros(0, dtype=np.int64))
    pins = _Pins(*_apply_pins(problem))
    pins.quality = quality[pins.rows, pins.cols].copy()
    quality[pins.rows] = 0  # a pinned member is placed already
    edges = edges[~np.isin(edges[:, 0], pins.rows)]
    lp = _CircleProgramme(quality, problem, rules, [kinds[p.id] for p in members], pins)
    lp.add(edges)
    rounds = 0
    while True:
        lp.solve()
        improving, outside = lp.price()
        if not len(improving) or rounds >= PRICING_ROUNDS:
            break
        lp.add(improving)
        rounds += 1
    return lp.result(
        feasible, lp.dual_value() + outside, stopped="rounds" if len(improving) else ""
    )


def _without_diversity(
    members: list[Person],
    facilitators: list[Person],
    settings: Settings,
    kinds: Mapping[int, str | None],
    timer: Callable[[], float] | None,
) -> CircleResult:
    found = match(members, facilitators, settings, timer=timer)
    circles: dict[int, list[Pair]] = {f.id: [] for f in facilitators}
    for pair in found.pairs:
        circles[pair.mentor_id].append(pair)
    return CircleResult(
        circles={f: c for f, c in circles.items() if c},
        unplaced=found.unmatched,
        objective=found.objective,
        bound=found.bound,
        gap=found.gap,
        backgrounds=_distinct(circles, kinds),
        stopped=found.stopped,
    )


def _distinct(circles: Mapping[int, list[Pair]], kinds: Mapping[int, str | None]) -> int:
    """Distinct known backgrounds, summed over the circles."""
    return sum(len({kinds[p.mentee_id] for p in circle} - {None}) for circle in circles.values())


@dataclass
class _Pins:
    """Members a manager pinned to a circle: kept there, outside the
    programme, each using a place and earning their background's reward."""

    rows: np.ndarray
    cols: np.ndarray
    capacity: np.ndarray  # each circle's places left
    quality: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint16))


class _CircleProgramme:
    """The network LP over candidate (member, circle) pairs, grown by
    pricing. Rows: each member in at most one circle, each circle at most
    its size, and each (circle, background)'s reward at most its members
    of that background (and at most 1)."""

    def __init__(
        self, quality: np.ndarray, problem: Problem, rules: CircleRules,
        kinds: list[str | None], pins: _Pins,
    ) -> None:  # fmt: skip
        self.quality, self.problem, self.rules, self.pins = quality, problem, rules, pins
        named = sorted({k for k in kinds if k is not None})
        index: dict[str | None, int] = {k: n for n, k in enumerate(named)}
        # The last kind is "not known": never rewarded.
        self.unknown = len(named)
        self.kind = np.array([index.get(k, self.unknown) for k in kinds], dtype=np.int64)
        n_members, n_circles = quality.shape
        self.bonus = (LEVELS + 1) * (n_members + 1)  # placing people comes first
        self.reward = round(rules.diversity_weight * LEVELS)
        # A background a pinned member brings is rewarded already.
        self.earned = {
            (int(c), int(self.kind[m]))
            for m, c in zip(pins.rows, pins.cols, strict=True)
            if self.kind[m] != self.unknown
        }
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.member_rows = [self.solver.Constraint(0.0, 1.0) for _ in range(n_members)]
        self.circle_rows = [
            self.solver.Constraint(0.0, float(pins.capacity[c])) for c in range(n_circles)
        ]
        self.kind_rows: dict[tuple[int, int], pywraplp.Constraint] = {}
        self.objective = self.solver.Objective()
        self.objective.SetMaximization()
        self.pairs = np.zeros((0, 2), dtype=np.int64)
        self.x: list[pywraplp.Variable] = []

    def add(self, pairs: np.ndarray) -> None:
        n_circles = self.quality.shape[1]
        keys = set((self.pairs[:, 0] * n_circles + self.pairs[:, 1]).tolist())
        fresh = [(m, c) for m, c in pairs.tolist() if m * n_circles + c not in keys]
        fresh = sorted(set(fresh))
        for m, c in fresh:
            var = self.solver.NumVar(0.0, 1.0, "")
            self.member_rows[m].SetCoefficient(var, 1.0)
            self.circle_rows[c].SetCoefficient(var, 1.0)
            self._kind_row(c, int(self.kind[m])).SetCoefficient(var, -1.0)
            self.objective.SetCoefficient(var, float(self.bonus + int(self.quality[m, c])))
            self.x.append(var)
        if fresh:
            self.pairs = np.concatenate([self.pairs, np.array(fresh, dtype=np.int64)])

    def _kind_row(self, circle: int, kind: int) -> pywraplp.Constraint:
        """reward(circle, kind) - members of that kind in the circle <= 0."""
        if (circle, kind) not in self.kind_rows:
            row = self.solver.Constraint(-self.solver.infinity(), 0.0)
            reward = self.solver.NumVar(0.0, 1.0, "")
            row.SetCoefficient(reward, 1.0)
            self.objective.SetCoefficient(reward, float(self._reward_of(circle, kind)))
            self.kind_rows[(circle, kind)] = row
        return self.kind_rows[(circle, kind)]

    def _reward_of(self, circle: int, kind: int) -> int:
        known = kind != self.unknown and (circle, kind) not in self.earned
        return self.reward if known else 0

    def solve(self) -> None:
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            raise RuntimeError("The circle programme could not be solved.")
        self.values = np.array([var.solution_value() for var in self.x])
        self.u = np.array([max(row.dual_value(), 0.0) for row in self.member_rows])
        self.v = np.array([max(row.dual_value(), 0.0) for row in self.circle_rows])
        # A (circle, background) with no row yet would reward its first
        # member fully: its price is the whole reward (its row's right-hand
        # side is 0, so the price costs the bound nothing).
        self.w = np.full((self.quality.shape[1], self.unknown + 1), float(self.reward))
        self.w[:, self.unknown] = 0.0
        for circle, kind in self.earned:
            self.w[circle, kind] = 0.0
        for (circle, kind), row in self.kind_rows.items():
            reward = float(self._reward_of(circle, kind))
            self.w[circle, kind] = min(max(row.dual_value(), 0.0), reward)

    def price(self) -> tuple[np.ndarray, float]:
        """Pairs outside the candidates worth more than their prices (each
        member's best few), and their total excess over all such pairs."""
        n_members, n_circles = self.quality.shape
        known = np.zeros((n_members, n_circles), dtype=bool)
        known[self.pairs[:, 0], self.pairs[:, 1]] = True
        found, outside = [], 0.0
        for start in range(0, n_members, PRICE_BLOCK):
            stop = min(start + PRICE_BLOCK, n_members)
            block = self.quality[start:stop]
            reduced = block.astype(np.float64) + self.bonus
            reduced -= self.u[start:stop, None] + self.v[None, :]
            reduced += self.w[:, self.kind[start:stop]].T
            reduced[(block == 0) | known[start:stop]] = 0.0
            np.maximum(reduced, 0.0, out=reduced)
            outside += float(reduced.sum())
            k = min(PRICED_PER_MEMBER, n_circles)
            best = np.argpartition(-reduced, k - 1, axis=1)[:, :k]
            good = reduced[np.arange(stop - start)[:, None], best] > 1e-6
            rows = np.repeat(np.arange(start, stop), k)
            found.append(np.column_stack([rows, best.ravel()])[good.ravel()])
        improving = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
        return improving, outside

    def dual_value(self) -> float:
        """The dual objective at these prices over the candidates: members'
        and circles' prices, each reward's own limit of 1 (what it earns
        beyond its price), and each candidate's excess over its prices."""
        kinds = self.kind[self.pairs[:, 0]]
        reduced = (
            self.bonus + self.quality[self.pairs[:, 0], self.pairs[:, 1]].astype(np.float64)
            - self.u[self.pairs[:, 0]] - self.v[self.pairs[:, 1]]
            + self.w[self.pairs[:, 1], kinds]
        )  # fmt: skip
        rewards = sum(self._reward_of(c, k) - self.w[c, k] for c, k in self.kind_rows)
        return float(
            self.u.sum() + float(self.pins.capacity @ self.v) + rewards
            + np.maximum(reduced, 0.0).sum()
        )  # fmt: skip

    def result(self, feasible: np.ndarray, bound_total: float, *, stopped: str) -> CircleResult:
        chosen = self.pairs[self.values > 0.5]
        if np.any((self.values > 1e-6) & (self.values < 1 - 1e-6)):
            stopped = stopped or "fractional"  # a network LP should not; say so if it does
        pins = self.pins
        rows, cols = chosen[:, 0], chosen[:, 1]
        pairs = pairs_of(self.problem, rows, cols, pinned=False)
        pairs += pairs_of(self.problem, pins.rows, pins.cols, pinned=True)
        circles: dict[int, list[Pair]] = {}
        for pair in pairs:
            circles.setdefault(pair.mentor_id, []).append(pair)
        gained = {
            (int(c), int(self.kind[m])) for m, c in chosen.tolist() if self.kind[m] != self.unknown
        } - self.earned
        distinct = len(gained) + len(self.earned)
        pinned_units = int(np.maximum(pins.quality.astype(np.int64), 1).sum()) - len(pins.rows)
        units = int(self.quality[rows, cols].astype(np.int64).sum()) - len(rows)
        primal = (self.bonus + 1) * len(rows) + units + len(gained) * self.reward
        best_possible = max(int(np.floor(bound_total + SLACK)), primal)
        # What the pins hold (their matches, their backgrounds' rewards) is
        # the same in every assignment: in the objective, not in the gap.
        objective = (units + pinned_units + distinct * self.reward) / LEVELS
        bound = objective + (best_possible - primal) / LEVELS
        rows = np.concatenate([rows, pins.rows])
        placed = set(rows.tolist())
        unplaced = [
            Unmatched(int(self.problem.mentees.ids[m]), _why(int(feasible[m])), int(feasible[m]))
            for m in range(self.quality.shape[0]) if m not in placed
        ]  # fmt: skip
        return CircleResult(
            circles=circles,
            unplaced=unplaced,
            objective=objective,
            bound=bound,
            gap=(bound - objective) / bound if bound > 0 else 0.0,
            backgrounds=distinct,
            stopped=stopped,
        )


def _why(feasible: int) -> str:
    return "no_feasible_mentor" if feasible == 0 else "mentors_full"
