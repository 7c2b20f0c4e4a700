"""The health score (0-100) and the at-risk rules.

Each component is a number from 0 (worst) to 1 (best), or None when
Kindred has no evidence for it yet. The score is the weighted mean of the
components that are present, so a missing input neither helps nor hurts;
the result names what it is based on. Weights (documented in
docs/health.md): the four survey ingredients 10 each, cadence kept 15,
follow-through 15, meeting reliability 10, comfort 10, responsiveness 5,
project milestones 5."""

from __future__ import annotations

from dataclasses import dataclass, field

WEIGHTS = {
    "commitment": 10.0,
    "trust": 10.0,
    "quality": 10.0,
    "competence": 10.0,
    "cadence": 15.0,
    "follow_through": 15.0,
    "reliability": 10.0,
    "comfort": 10.0,
    "responsiveness": 5.0,
    "milestones": 5.0,
}
OVERDUE_PENALTY = 0.15  # per commitment overdue now, taken off follow-through


@dataclass(frozen=True)
class Inputs:
    """Evidence about one relationship; None means none yet."""

    surveys: dict[str, float] = field(default_factory=dict)  # ingredient -> mean 1-7
    cadence_kept: float | None = None  # share of whole cadence periods with a meeting held
    unprompted_share: float | None = None  # of commitments done, share done unprompted
    on_time_share: float | None = None  # of commitments done, share done on time
    overdue_now: int = 0
    attended_share: float | None = None
    on_time_to_meetings: float | None = None
    comfort_mean: float | None = None  # 1-5, both questions, both people
    responsiveness: float | None = None  # share of replies within the agreed time
    milestones_on_time: float | None = None  # share of due milestones met on time


@dataclass(frozen=True)
class Contributor:
    """A component that pulls the score most, as data: the app words it in
    each reader's language."""

    component: str  # a key of WEIGHTS
    strong: bool  # at or above the middle of its range
    percent: int  # 0-100


@dataclass(frozen=True)
class Health:
    score: float | None
    components: dict[str, float]
    based_on: list[str]
    contributors: list[Contributor]  # the three that pull the score most


def components(inputs: Inputs) -> dict[str, float]:
    found = {k: (v - 1) / 6 for k, v in inputs.surveys.items() if k in WEIGHTS}
    if inputs.cadence_kept is not None:
        found["cadence"] = inputs.cadence_kept
    follow = _mean(inputs.unprompted_share, inputs.on_time_share)
    if follow is not None or inputs.overdue_now:
        base = follow if follow is not None else 1.0
        found["follow_through"] = max(0.0, base - OVERDUE_PENALTY * inputs.overdue_now)
    reliability = _mean(inputs.attended_share, inputs.on_time_to_meetings)
    if reliability is not None:
        found["reliability"] = reliability
    if inputs.comfort_mean is not None:
        found["comfort"] = (inputs.comfort_mean - 1) / 4
    if inputs.responsiveness is not None:
        found["responsiveness"] = inputs.responsiveness
    if inputs.milestones_on_time is not None:
        found["milestones"] = inputs.milestones_on_time
    return {k: round(min(1.0, max(0.0, v)), 4) for k, v in found.items()}


def _mean(*values: float | None) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


PRIVATE = frozenset({"commitment", "trust", "quality", "competence", "comfort"})


def health(inputs: Inputs, *, for_the_pair: bool = False) -> Health:
    """The score; `for_the_pair` leaves out what rests on one person's
    private answers (surveys and comfort check-ins)."""
    parts = components(inputs)
    if for_the_pair:
        parts = {k: v for k, v in parts.items() if k not in PRIVATE}
    if not parts:
        return Health(None, {}, [], [])
    total = sum(WEIGHTS[k] for k in parts)
    score = round(100 * sum(WEIGHTS[k] * v for k, v in parts.items()) / total, 1)
    # A component's pull on the score: how far from neutral, times its weight.
    pulls = sorted(parts, key=lambda k: -abs(WEIGHTS[k] * (parts[k] - 0.5)))
    largest = [Contributor(k, parts[k] >= 0.5, round(parts[k] * 100)) for k in pulls[:3]]
    return Health(score, parts, sorted(parts, key=list(WEIGHTS).index), largest)


# --- at risk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskFacts:
    """What the at-risk rules read, computed at a moment `now`."""

    days_since_last_meeting: float | None  # held, or started if none; None: nothing yet
    meeting_booked: bool
    cadence_days: int
    survey_drops: dict[str, float] = field(default_factory=dict)  # ingredient -> fall, latest pair
    overdue_now: int = 0
    last_two_missed_by_no_show: bool = False
    low_comfort_recently: bool = False


@dataclass(frozen=True)
class Risk:
    """Why a pair is at risk, as data (one of the codes below and the number
    it counts): the app words it in each reader's language."""

    code: str
    count: int = 0


NO_MEETING = "no-meeting"  # count: days since the last meeting
OVERDUE = "overdue"  # count: commitments overdue now
NO_SHOWS = "no-shows"  # the last two meetings missed by a no-show
NEEDS_CHECK_IN = "check-in"  # someone should ask the pair how it is going

LAPSE_PERIODS = 1.5
DROP = 1.0
OVERDUE_LIMIT = 3


def risks(facts: RiskFacts) -> list[Risk]:
    reasons = []
    limit = LAPSE_PERIODS * facts.cadence_days
    if (
        facts.days_since_last_meeting is not None
        and facts.days_since_last_meeting >= limit
        and not facts.meeting_booked
    ):
        reasons.append(Risk(NO_MEETING, int(facts.days_since_last_meeting)))
    if facts.overdue_now >= OVERDUE_LIMIT:
        reasons.append(Risk(OVERDUE, facts.overdue_now))
    if facts.last_two_missed_by_no_show:
        reasons.append(Risk(NO_SHOWS))
    # These rules fire on one person's private answer: the reason names no
    # answer, component, value or direction, only that someone should ask.
    fell = any(facts.survey_drops.get(i, 0.0) >= DROP for i in ("trust", "commitment"))
    if fell or facts.low_comfort_recently:
        reasons.append(Risk(NEEDS_CHECK_IN))
    return reasons
