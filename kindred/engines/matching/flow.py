"""The min-cost flow over the candidate pairs, and the mentor prices (the
duals) that prove its assignment optimal among those pairs.

Rows of the flow are groups of identical mentees (see groups.py): a group
node carries as many units as it has members."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from kindred.engines.matching.groups import Groups


@dataclass
class Flow:
    assignment: np.ndarray  # mentor column per mentee row, -1 when unmatched
    prices: np.ndarray  # mentor duals (int64)
    held: np.ndarray  # per group: what a member's pair is worth at these prices (0 if unmatched)


def solve(
    edges: np.ndarray, quality: np.ndarray, groups: Groups, capacity: np.ndarray, bonus: int
) -> Flow:
    """The assignment of most matches, then highest total quality, using
    only the candidate `edges` ((group, col) pairs, sorted).

    OR-Tools finds the maximum flow of least cost directly, so the costs are
    the qualities alone: the bonus that puts matches first is only needed
    for the prices, and a small cost range makes cost scaling much faster."""
    n_g, n_m = len(groups), quality.shape[1]
    gain = quality[groups.reps[edges[:, 0]], edges[:, 1]].astype(np.int64)
    source, sink = 0, 1 + n_g + n_m
    group_nodes = 1 + np.arange(n_g)
    mentor_nodes = 1 + n_g + np.arange(n_m)
    starts = np.concatenate([np.zeros(n_g), group_nodes[edges[:, 0]], mentor_nodes])
    ends = np.concatenate([group_nodes, mentor_nodes[edges[:, 1]], np.full(n_m, sink)])
    arc_room = np.minimum(groups.size[edges[:, 0]], capacity[edges[:, 1]])
    capacities = np.concatenate([groups.size, arc_room, capacity])
    costs = np.concatenate([np.zeros(n_g), -gain, np.zeros(n_m)])
    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        starts.astype(np.int32),
        ends.astype(np.int32),
        capacities.astype(np.int64),
        costs.astype(np.int64),
    )
    total = int(groups.size.sum())
    solver.set_nodes_supplies(np.array([source, sink]), np.array([total, -total]))
    if len(edges) and solver.solve_max_flow_with_min_cost() != solver.OPTIMAL:
        raise RuntimeError("The flow solver did not reach an optimum.")
    flows = solver.flows(arcs) if len(edges) else np.zeros(len(arcs), dtype=np.int64)
    amount = flows[n_g : n_g + len(edges)]
    unmatched = groups.size - flows[:n_g]
    weight = bonus + gain
    mentor_prices = prices(edges, weight, amount, unmatched, n_m)
    return Flow(
        assignment=_members_assigned(groups, edges, amount),
        prices=mentor_prices,
        held=_held(edges, weight, amount, unmatched, mentor_prices),
    )


def _members_assigned(groups: Groups, edges: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """Each group's members, in row order, take its mentors in column order."""
    used = np.flatnonzero(amount > 0)  # edges are sorted by group, then column
    group_of_unit = np.repeat(edges[used, 0], amount[used])
    col_of_unit = np.repeat(edges[used, 1], amount[used])
    order, starts = groups.members()
    first_unit = np.searchsorted(group_of_unit, group_of_unit, side="left")
    rank = np.arange(len(group_of_unit)) - first_unit
    assignment = np.full(len(groups.of_row), -1, dtype=np.int64)
    assignment[order[starts[group_of_unit] + rank]] = col_of_unit
    return assignment


def prices(
    edges: np.ndarray, weight: np.ndarray, amount: np.ndarray, unmatched: np.ndarray, n_m: int
) -> np.ndarray:
    """The smallest mentor prices consistent with the restricted optimum,
    by longest-path relaxation of the complementary-slackness conditions.
    `edges` are sorted by group."""
    result = np.zeros(n_m, dtype=np.int64)
    if not len(edges):
        return result
    groups, cols = edges[:, 0], edges[:, 1]
    # A group with a member left unmatched gains nothing from it, so each
    # mentor it could have had is worth at least that pair.
    open_rows = unmatched[groups] > 0
    np.maximum.at(result, cols[open_rows], weight[open_rows])
    # A member held at mentor a would not rather have mentor j:
    # price[j] >= price[a] - weight(a) + weight(j), for each of its mentors a.
    used = np.flatnonzero(amount > 0)
    if not used.size:
        return result
    n_g = len(unmatched)
    edge_start = np.searchsorted(groups, np.arange(n_g + 1))
    held_at = used[np.argsort(cols[used], kind="stable")]  # held pairs by mentor
    held_start = np.searchsorted(cols[held_at], np.arange(n_m + 1))
    worth = np.full(n_g, NEVER, dtype=np.int64)  # a group's best held pair at these prices
    np.maximum.at(worth, groups[used], result[cols[used]] - weight[used])
    active = np.unique(groups[used])
    # Relax only from the groups whose worth just rose: after the first pass
    # these are few, so the passes cost little however long the chains.
    for _ in range(n_m + 1):
        reach = _spans(edge_start[active], edge_start[active + 1])
        offer = np.full(n_m, NEVER, dtype=np.int64)
        np.maximum.at(offer, cols[reach], worth[groups[reach]] + weight[reach])
        raised = np.flatnonzero(offer > result)
        if not raised.size:
            break
        result[raised] = offer[raised]
        moved = held_at[_spans(held_start[raised], held_start[raised + 1])]
        np.maximum.at(worth, groups[moved], result[cols[moved]] - weight[moved])
        active = np.unique(groups[moved])
    return result


NEVER = np.iinfo(np.int64).min // 2


def _spans(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The indices start..stop of every span, one after another."""
    lengths = stops - starts
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    shift = starts - np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return np.repeat(shift, lengths) + np.arange(total)


def _held(
    edges: np.ndarray,
    weight: np.ndarray,
    amount: np.ndarray,
    unmatched: np.ndarray,
    prices: np.ndarray,
) -> np.ndarray:
    """Per group, the least a member holds at these prices: 0 if a member is
    unmatched, else its pair's weight less the mentor's price."""
    held = np.full(len(unmatched), np.iinfo(np.int64).max, dtype=np.int64)
    used = amount > 0
    np.minimum.at(held, edges[used, 0], weight[used] - prices[edges[used, 1]])
    held[unmatched > 0] = 0
    held[held == np.iinfo(np.int64).max] = 0  # a group with no members to place
    return np.maximum(held, 0)
