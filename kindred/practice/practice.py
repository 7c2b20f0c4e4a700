"""Personal practice feedback: one person's own figures for each of the
five skills, gathered over every relationship they are in on one side
(mentor or mentee), from the same functions the relationship page uses,
so the numbers are the ledger's, reliability's and initiative's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Avg, Count, Q

from kindred.accounts.models import User
from kindred.commitments.models import Commitment
from kindred.commitments.selectors import Ledger, commitments_of, ledgers
from kindred.guides.models import QuestionUse
from kindred.lib.privacy import enough_people
from kindred.meetings.models import Meeting
from kindred.meetings.selectors import Reliability, initiative, reliability
from kindred.officehours.selectors import host_reliability
from kindred.projects.selectors import MilestoneFigures, milestone_figures, projects_of
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import (
    agreement_current,
    agreement_in_force,
    agreements_remembered,
    boundaries_drifted,
)
from kindred.safety.models import ComfortCheckIn

STARTED = [
    Relationship.Status.ACTIVE,
    Relationship.Status.PAUSED,
    Relationship.Status.COMPLETED,
    Relationship.Status.ENDED_EARLY,
]

Summable = TypeVar("Summable", Ledger, Reliability)


def _add(total: Summable, more: Summable) -> Summable:
    """Field-by-field sum of two figure records of the same kind."""
    return dataclasses.replace(
        total,
        **{
            f.name: getattr(total, f.name) + getattr(more, f.name)
            for f in dataclasses.fields(total)
        },
    )


@dataclass
class Comfort:
    """Check-ins the partners gave about meetings with this person: nothing
    of them (not even how many) until they come from the minimum group of
    distinct people, only `people` then."""

    people: int = 0
    sharing_comfortable: float | None = None
    boundaries_respected: float | None = None

    @property
    def shown(self) -> bool:
        return enough_people(self.people)


@dataclass
class Practice:
    side: str  # "mentor" or "mentee"
    relationships: int = 0
    ledger: Ledger = field(default_factory=Ledger)
    reliability: Reliability = field(default_factory=Reliability)
    proposed_first: int = 0  # meetings this person proposed first
    partner_proposed_first: int = 0
    wrote_first: int = 0  # first message, and first after a week's silence
    partner_wrote_first: int = 0
    periods: int = 0  # whole cadence periods, over all relationships
    periods_kept: int = 0  # those with a meeting held
    agreements_in_force: int = 0  # relationships with a signed agreement
    agreements_current: int = 0  # ... that still describes how the person works
    asked_by_level: dict[int, int] = field(default_factory=dict)
    comfort: Comfort = field(default_factory=Comfort)
    milestones: MilestoneFigures = field(default_factory=lambda: MilestoneFigures(0, 0, 0))
    due_before_meeting: int = 0  # commitments due before a meeting that was then held
    ready_for_meeting: int = 0  # ... done by the time that meeting started

    @property
    def cadence_kept(self) -> float | None:
        return self.periods_kept / self.periods if self.periods else None

    @property
    def unprompted_share(self) -> float | None:
        return self.ledger.unprompted / self.ledger.completed if self.ledger.completed else None

    @property
    def deepest_level(self) -> int:
        return max((level for level, n in self.asked_by_level.items() if n), default=0)

    @property
    def questions_asked(self) -> int:
        return sum(self.asked_by_level.values())


def relationships_of(person: User, side: str) -> list[Relationship]:
    mine = Q(mentor=person) if side == "mentor" else Q(mentee=person)
    return list(
        Relationship.objects.filter(mine, status__in=STARTED)
        .select_related("mentor", "mentee", "programme")
        .order_by("started_at")
    )


def practice_of(person: User, side: str, *, now: dt.datetime) -> Practice:
    figures = Practice(side=side)
    pairs = relationships_of(person, side)
    with agreements_remembered():
        for relationship in pairs:
            _add_relationship(figures, person, relationship, now)
    figures.relationships = len(pairs)
    figures.comfort = _comfort(person, pairs)
    if side == "mentor":  # office hours are kept, or missed, as meetings are
        figures.reliability = _add(figures.reliability, host_reliability(person))
    return figures


def _add_relationship(
    figures: Practice, person: User, relationship: Relationship, now: dt.datetime
) -> None:
    partner_id = (
        relationship.mentee_id if person.pk == relationship.mentor_id else relationship.mentor_id
    )
    meetings = list(Meeting.objects.filter(relationship=relationship).order_by("start"))
    commitments = list(commitments_of(relationship))
    figures.ledger = _add(
        figures.ledger, ledgers(relationship, now=now, commitments=commitments)[person.pk]["life"]
    )
    figures.reliability = _add(figures.reliability, reliability(relationship, meetings)[person.pk])
    moves = initiative(relationship, meetings, now=now)
    figures.proposed_first += moves.meetings_proposed.get(person.pk, 0)
    figures.partner_proposed_first += moves.meetings_proposed.get(partner_id, 0)
    figures.wrote_first += moves.wrote_first.get(person.pk, 0)
    figures.partner_wrote_first += moves.wrote_first.get(partner_id, 0)
    figures.periods += moves.periods
    figures.periods_kept += moves.periods_with_meeting
    _add_agreement(figures, person, relationship)
    for level, n in (
        QuestionUse.objects.filter(relationship=relationship, outcome=QuestionUse.Outcome.ASKED)
        .values_list("question__level")
        .annotate(n=Count("pk"))
    ):
        figures.asked_by_level[level] = figures.asked_by_level.get(level, 0) + n
    joint = milestone_figures(list(projects_of(relationship)))
    figures.milestones = MilestoneFigures(
        *(
            a + b
            for a, b in zip(
                dataclasses.astuple(figures.milestones), dataclasses.astuple(joint), strict=True
            )
        )
    )
    due, ready = preparation(person, commitments, meetings)
    figures.due_before_meeting += due
    figures.ready_for_meeting += ready


def _add_agreement(figures: Practice, person: User, relationship: Relationship) -> None:
    """Signed, and current: the version in force is the latest (no change
    waiting for a signature) and the person's hours have not moved on."""
    in_force = agreement_in_force(relationship)
    if in_force is None:
        return
    figures.agreements_in_force += 1
    latest = agreement_current(relationship)
    if (
        latest is not None
        and latest.pk == in_force.pk
        and not boundaries_drifted(relationship, person)
    ):
        figures.agreements_current += 1


def preparation(
    person: User, commitments: list[Commitment], meetings: list[Meeting]
) -> tuple[int, int]:
    """Of the person's commitments whose due date was followed by a held
    meeting, how many were done by the time that meeting started: coming
    to the meeting with what you promised."""
    zone = zoneinfo.ZoneInfo(person.timezone)
    held = [m.start for m in meetings if m.status == Meeting.Status.HELD]
    due = ready = 0
    for commitment in commitments:
        if commitment.owner_id != person.pk or commitment.status == Commitment.Status.DROPPED:
            continue
        day_after = dt.datetime.combine(commitment.due_date + dt.timedelta(days=1), dt.time(), zone)
        following = next((start for start in held if start >= day_after), None)
        if following is None:
            continue
        due += 1
        ready += commitment.completed_at is not None and commitment.completed_at <= following
    return due, ready


def _comfort(person: User, pairs: list[Relationship]) -> Comfort:
    given = ComfortCheckIn.objects.filter(meeting__relationship__in=pairs).exclude(person=person)
    row = given.aggregate(
        people=Count("person", distinct=True),
        sharing=Avg("sharing_comfortable"),
        respected=Avg("boundaries_respected"),
    )
    if not enough_people(row["people"]):
        return Comfort(row["people"])
    return Comfort(row["people"], round(row["sharing"], 1), round(row["respected"], 1))
