"""Participants against a comparison group weighted to resemble them.

The question is the effect on those who took part (the ATT): how much more
(or less) did participants stay or get promoted than they would have
without the programme? People choose or are chosen to take part, so the
raw difference against everyone else mixes the programme with who joins
(junior people and newcomers join more, and they also leave more). Here a
propensity model (scikit-learn's logistic regression) estimates, from what
was known before the programme (level, department, tenure, location, prior
promotions), how likely each person was to take part; non-participants are
weighted by those odds so the comparison group resembles the participants
on all of it at once, and the weighted difference is estimated with a
robust (sandwich) interval by statsmodels. Where the same outcome was
measured in the period before, the difference in differences removes what
stays the same about a person and was not measured. Nothing here can
remove differences that were not measured and change over time: the
report says so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import statsmodels.api as sm
from scipy.stats import norm
from sklearn.linear_model import LogisticRegression

MINIMUM_GROUP = 10  # people on either side below which nothing is shown
CONFIDENCE = 0.95
# Propensities are kept inside these bounds, so that no one non-participant
# who looks like a certain participant carries the whole comparison.
PROPENSITY_BOUNDS = (0.001, 0.99)
BALANCED = 0.1  # the usual bound on a standardised mean difference
# Beyond this many, non-participants are sampled (the same sample each
# time): the model and the estimate gain nothing from the 90,001st
# colleague that they need to pay a second for.
MAX_POOL = 10_000


@dataclass(frozen=True)
class Cohort:
    """One row per person employed on the index date (the programme's
    start): whether they took part, and what was known before it."""

    participant: np.ndarray  # bool
    categorical: Mapping[str, np.ndarray] = field(default_factory=dict)  # level, department
    numeric: Mapping[str, np.ndarray] = field(default_factory=dict)  # tenure, prior promotions

    def __len__(self) -> int:
        return len(self.participant)


@dataclass(frozen=True)
class Outcome:
    """An outcome per person of the cohort: 0/1 (stayed, promoted) or any
    number, after the index date and, where measured, over as long before."""

    after: np.ndarray
    before: np.ndarray | None = None


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Balance:
    """How alike the groups are on one thing known before, as a
    standardised mean difference: before weighting and after."""

    covariate: str  # "tenure_years", or "level=L3" for a category
    before: float
    after: float


@dataclass(frozen=True)
class Effect:
    participant_mean: float
    comparison_mean: float  # weighted
    effect: Interval  # participants minus their weighted comparison group
    naive: Interval  # participants minus every non-participant, unweighted
    did: Interval | None  # the difference in differences, where `before` was measured


@dataclass(frozen=True)
class Comparison:
    participants: int
    comparison: int  # non-participants within the participants' range of propensity
    effective_comparison: float  # how many equally weighted people the weights are worth
    balance: list[Balance]
    effects: dict[str, Effect]

    @property
    def balanced(self) -> bool:
        return all(abs(b.after) <= BALANCED for b in self.balance)


@dataclass(frozen=True)
class TooSmall:
    """Fewer than MINIMUM_GROUP people on one side: nothing is estimated,
    and the counts themselves are not for showing."""


@dataclass(frozen=True)
class _Weighted:
    rows: np.ndarray  # the cohort's rows compared: participants, and the pool in support
    treated: np.ndarray  # over those rows
    weights: np.ndarray


def compare(cohort: Cohort, outcomes: Mapping[str, Outcome]) -> Comparison | TooSmall:
    """Participants against their weighted comparison group on each
    outcome; one propensity model serves them all."""
    treated = np.asarray(cohort.participant, dtype=bool)
    if treated.sum() < MINIMUM_GROUP or (~treated).sum() < MINIMUM_GROUP:
        return TooSmall()
    pool = _pool(treated)
    names, design = design_matrix(cohort, pool)
    modelled = treated[pool]
    score = propensity(design, modelled)
    support = modelled | _in_support(score, modelled)
    found = _Weighted(
        pool[support], modelled[support], att_weights(score[support], modelled[support])
    )
    control = ~found.treated
    if control.sum() < MINIMUM_GROUP:
        return TooSmall()
    return Comparison(
        participants=int(treated.sum()),
        comparison=int(control.sum()),
        effective_comparison=_effective_size(found.weights[control]),
        balance=balance(names, design, modelled, support, found.weights),
        effects={name: _effect(outcome, treated, found) for name, outcome in outcomes.items()},
    )


def _pool(treated: np.ndarray) -> np.ndarray:
    """The rows modelled: every participant, and the non-participants (a
    fixed sample of MAX_POOL of them in a large organisation)."""
    rows = np.flatnonzero(~treated)
    if len(rows) > MAX_POOL:
        rows = np.sort(np.random.default_rng(0).choice(rows, MAX_POOL, replace=False))
    return np.sort(np.concatenate([np.flatnonzero(treated), rows]))


def _effect(outcome: Outcome, treated: np.ndarray, found: _Weighted) -> Effect:
    after = np.asarray(outcome.after, dtype=float)
    rows, control = found.rows, ~found.treated
    did = None
    if outcome.before is not None:
        change = after - np.asarray(outcome.before, dtype=float)
        did = difference(change[rows], found.treated, found.weights)
    return Effect(
        participant_mean=float(after[treated].mean()),
        comparison_mean=float(np.average(after[rows][control], weights=found.weights[control])),
        effect=difference(after[rows], found.treated, found.weights),
        naive=difference(after, treated, np.ones(len(treated))),
        did=did,
    )


def design_matrix(cohort: Cohort, rows: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """What was known before, for `rows` (all by default), as columns: each
    category as 0/1 columns (all of them: the logistic model's penalty
    keeps them identified), each number as it is."""
    chosen = np.arange(len(cohort)) if rows is None else rows
    names: list[str] = []
    columns: list[np.ndarray] = []
    for name, values in sorted(cohort.categorical.items()):
        levels, codes = np.unique(np.asarray(values)[chosen], return_inverse=True)
        names += [f"{name}={level}" for level in levels]
        columns.append(np.eye(len(levels))[codes])
    for name, values in sorted(cohort.numeric.items()):
        names.append(name)
        columns.append(np.asarray(values, dtype=float)[chosen][:, None])
    if not columns:
        return names, np.zeros((len(chosen), 0))
    return names, np.hstack(columns)


def propensity(design: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """Each person's estimated chance of taking part."""
    if design.shape[1] == 0:
        return np.full(len(treated), treated.mean())
    spread = design.std(axis=0)
    scaled = (design - design.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    # Newton steps on the Cholesky factor: few iterations at any size, as
    # there are far more people than columns.
    model = LogisticRegression(C=100.0, solver="newton-cholesky", max_iter=200)
    model.fit(scaled, treated)
    return np.clip(model.predict_proba(scaled)[:, 1], *PROPENSITY_BOUNDS)


def _in_support(score: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """Non-participants whose propensity lies within the participants'
    range: the others resemble no participant."""
    low, high = score[treated].min(), score[treated].max()
    return (score >= low) & (score <= high)


def att_weights(score: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """Participants count once; a non-participant counts by the odds that
    someone like them took part, scaled so the comparison group weighs as
    much as the participants."""
    odds = score / (1 - score)
    weights = np.where(treated, 1.0, odds)
    control = ~treated
    weights[control] *= treated.sum() / weights[control].sum()
    return weights


def difference(outcome: np.ndarray, treated: np.ndarray, weights: np.ndarray) -> Interval:
    """The weighted difference in means, participants minus the rest, with
    a heteroskedasticity-robust interval (weighted least squares on an
    intercept and a participation indicator)."""
    design = sm.add_constant(treated.astype(float), has_constant="add")
    fit = sm.WLS(outcome, design, weights=weights).fit(cov_type="HC1")
    low, high = fit.conf_int(alpha=1 - CONFIDENCE)[1]
    return Interval(float(fit.params[1]), float(low), float(high))


def balance(
    names: list[str],
    design: np.ndarray,
    treated: np.ndarray,
    support: np.ndarray,
    weights: np.ndarray,
) -> list[Balance]:
    """Standardised mean differences on each column, before weighting (the
    non-participants modelled) and after (those in support, weighted); both
    over the participants' and the others' pooled spread before weighting,
    so the two are comparable."""
    control = ~treated[support]
    rows = []
    for index, name in enumerate(names):
        column = design[:, index]
        spread = _pooled_spread(column, treated)
        participants = column[treated].mean()
        unweighted = column[~treated].mean()
        weighted = np.average(column[support][control], weights=weights[control])
        rows.append(
            Balance(
                name,
                round(float((participants - unweighted) / spread), 4),
                round(float((participants - weighted) / spread), 4),
            )
        )
    return rows


def _pooled_spread(column: np.ndarray, treated: np.ndarray) -> float:
    pooled = np.sqrt((column[treated].var() + column[~treated].var()) / 2)
    return float(pooled) if pooled > 0 else 1.0


def _effective_size(weights: np.ndarray) -> float:
    return float(weights.sum() ** 2 / (weights**2).sum())


def pooled(parts: list[tuple[int, Interval]]) -> Interval | None:
    """Several programmes' effects as one: the average effect on all their
    participants (each programme weighted by its participants), its
    interval from theirs. The programmes' comparison groups may share
    colleagues, which this treats as independent: the docs say so."""
    if not parts:
        return None
    total = sum(count for count, _ in parts)
    z = float(norm.ppf(0.5 + CONFIDENCE / 2))
    estimate = sum(count * part.estimate for count, part in parts) / total
    variance = sum(
        (count / total) ** 2 * ((part.high - part.low) / (2 * z)) ** 2 for count, part in parts
    )
    spread = z * variance**0.5
    return Interval(estimate, estimate - spread, estimate + spread)
