"""The main programme in flight: a real match run, published three months
ago, whose accepted pairs have met, written, promised and answered since.

Matching is the real engine on the demo's intakes; what followed is written
directly, dated in the past (as the pairs would have made it), so no e-mail
goes out for events that are months old. A dozen pairs are drifting (no
meeting for five weeks, low answers, promises overdue) so the at-risk list
and its reasons have something to show; one mentee has reported a concern.
Everything is seeded and written once: a second load finds the published
run and leaves the programme as it is."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kindred.accounts.models import User
from kindred.commitments.models import Commitment
from kindred.engines.health.surveys import ITEMS, scales
from kindred.health.models import SurveyResponse
from kindred.matching.models import Decision, MatchRun, Proposal
from kindred.matching.services import run_execute, run_start
from kindred.meetings.models import Meeting
from kindred.messaging.models import Message
from kindred.programs.models import Programme
from kindred.projects.models import Project
from kindred.relationships.models import Agreement, Relationship
from kindred.relationships.selectors import agreement_defaults
from kindred.relationships.services import relationship_start
from kindred.safety.models import ComfortCheckIn, ConcernReport

PAIRS = 150  # accepted and running
DECLINED = 8
DRIFTING = 12  # of the running pairs
WEEKS = 13  # since publication
BATCH = 2000

LINES = (
    "Thanks for today, that helped a lot.",
    "I tried the one-to-one format we discussed; it went well.",
    "Could we move next week's call by an hour? Daylight saving caught me.",
    "Here is the article I mentioned about async stand-ups.",
    "I spoke to my manager about the stretch project.",
    "How did the team offsite go?",
    "Sharing my notes from the retro before we meet.",
    "No rush, but I'd love your view on the draft before Friday.",
)
PROMISES = (
    "Draft my goals for the quarter",
    "Share the onboarding checklist",
    "Ask for feedback after the team demo",
    "Read the chapter on difficult conversations",
    "Try a written stand-up for two weeks",
    "Introduce my mentee to the platform team lead",
)
PROJECTS = (
    ("Async stand-up playbook", "A guide for teams across five time zones."),
    ("Onboarding buddy scheme", "Pairs new joiners with someone outside their team."),
    ("Inclusive meeting checklist", "Small habits that let every region be heard."),
)


@dataclass
class Batch:
    meetings: list[Meeting]
    messages: list[Message]
    commitments: list[Commitment]
    answers: list[SurveyResponse]


def build_cohort(programme: Programme, manager: User, seed: int = 2026) -> bool:
    """Build it once; False when the programme already has a published run."""
    if programme.match_runs.filter(published_at__isnull=False).exists():
        return False
    rng = random.Random(seed)
    now = timezone.now()
    published = now - dt.timedelta(weeks=WEEKS)
    run = run_start(actor=manager, programme=programme)
    run = run_execute(run.pk)
    MatchRun.objects.filter(pk=run.pk).update(
        created_at=published - dt.timedelta(days=2), published_at=published
    )
    proposals = list(run.proposals.select_related("mentee", "mentor").order_by("-score"))
    pairs = _accept(programme, proposals, published, rng)
    _agreements(pairs)
    drifting = set(rng.sample(range(len(pairs)), min(DRIFTING, len(pairs))))
    batch = Batch([], [], [], [])
    for index, pair in enumerate(pairs):
        _history(pair, batch, now, rng, drifting=index in drifting)
    _write(batch)
    _check_ins(pairs, rng)
    _projects(pairs, rng)
    _concern(programme, pairs, rng)
    _sign_ins(pairs, now, rng)
    return True


def _sign_ins(pairs: list[Relationship], now: dt.datetime, rng: random.Random) -> None:
    """People in a relationship came in lately, some this week and some a
    while ago; the rest of the programme (imported, waiting) never has, so
    the participants list shows whom to nudge."""
    people = {p.mentor_id for p in pairs} | {p.mentee_id for p in pairs}
    users = list(User.objects.filter(pk__in=people))
    for user in users:
        user.last_login = now - dt.timedelta(
            days=rng.choice((0, 1, 2, 4, 9, 20)), hours=rng.randint(1, 20)
        )
    User.objects.bulk_update(users, ["last_login"], batch_size=500)


def _accept(
    programme: Programme, proposals: list[Proposal], published: dt.datetime, rng: random.Random
) -> list[Relationship]:
    """The best pairs said yes within ten days; a few declined; the rest of
    the run still waits (the late joiners' wave)."""
    pairs = []
    with transaction.atomic():
        for proposal in proposals[:PAIRS]:
            started = published + dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 23))
            pair = relationship_start(
                programme=programme,
                mentor=proposal.mentor,
                mentee=proposal.mentee,
                source="matching",
            )
            pair.started_at = started
            pair.save(update_fields=["started_at"])
            Proposal.objects.filter(pk=proposal.pk).update(
                status=Proposal.Status.ACCEPTED,
                mentee_decision=Decision.ACCEPTED,
                mentor_decision=Decision.ACCEPTED,
                decided_at=started,
                relationship=pair,
            )
            pairs.append(pair)
        for proposal in proposals[PAIRS : PAIRS + DECLINED]:
            Proposal.objects.filter(pk=proposal.pk).update(
                status=Proposal.Status.DECLINED,
                mentee_decision=Decision.DECLINED,
                declined_by=proposal.mentee,
                decline_reason="Our working hours barely overlap.",
                decided_at=published + dt.timedelta(days=3),
            )
        Proposal.objects.filter(pk__in=[p.pk for p in proposals[PAIRS + DECLINED :]]).update(
            status=Proposal.Status.PUBLISHED
        )
    return pairs


def _agreements(pairs: list[Relationship]) -> None:
    """Each pair signed its engagement agreement in its first week."""
    Agreement.objects.bulk_create(
        [
            Agreement(
                relationship=pair,
                version=1,
                **{k: v for k, v in agreement_defaults(pair).items() if hasattr(Agreement, k)}
                | {"objectives": "Grow as a leader of a distributed team."},
                mentor_signed_at=pair.started_at + dt.timedelta(days=2),
                mentee_signed_at=pair.started_at + dt.timedelta(days=3),
                drafted_by=pair.mentor,
                created_at=pair.started_at + dt.timedelta(days=1),
            )
            for pair in pairs
        ],
        batch_size=BATCH,
    )


def _history(
    pair: Relationship, batch: Batch, now: dt.datetime, rng: random.Random, *, drifting: bool
) -> None:
    """Fortnightly meetings (a few missed or cancelled; a drifting pair stops
    meeting five weeks ago), messages between them, promises kept or not,
    and the pulse surveys of day 30 and day 90."""
    people = (pair.mentor, pair.mentee)
    hour = rng.choice((7, 9, 13, 15))
    first = pair.started_at.replace(hour=hour, minute=0, second=0, microsecond=0)
    first += dt.timedelta(days=rng.randint(3, 8))
    stop = now - dt.timedelta(weeks=5) if drifting else now
    at = first
    while at < stop:
        status = Meeting.Status.HELD
        roll = rng.random()
        if roll < 0.07:
            status = Meeting.Status.MISSED
        elif roll < 0.14:
            status = Meeting.Status.CANCELLED
        batch.meetings.append(_meeting(pair, at, status, rng.choice(people)))
        batch.messages.extend(_messages(pair, at, rng))
        batch.commitments.extend(_promises(pair, at, now, rng, drifting=drifting))
        at += dt.timedelta(weeks=2, hours=rng.choice((-1, 0, 0, 1)))
    if not drifting:
        batch.meetings.append(_meeting(pair, at, Meeting.Status.CONFIRMED, rng.choice(people)))
    for day in (30, 90):
        if pair.started_at + dt.timedelta(days=day + 2) < now:
            batch.answers.extend(_answers(pair, day, rng, low=drifting))


def _meeting(pair: Relationship, at: dt.datetime, status: str, by: User) -> Meeting:
    return Meeting(
        relationship=pair,
        start=at,
        end=at + dt.timedelta(minutes=45),
        zone="UTC",
        status=status,
        proposed_by=by,
        initiated_by=by,
        absent=pair.mentee if status == Meeting.Status.MISSED else None,
        cancelled_by=by if status == Meeting.Status.CANCELLED else None,
    )


def _messages(pair: Relationship, after: dt.datetime, rng: random.Random) -> list[Message]:
    people = (pair.mentor, pair.mentee)
    return [
        Message(
            relationship=pair,
            sender=rng.choice(people),
            body=rng.choice(LINES),
            sent_at=after + dt.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 10)),
        )
        for _ in range(rng.randint(0, 3))
    ]


def _promises(
    pair: Relationship, made: dt.datetime, now: dt.datetime, rng: random.Random, *, drifting: bool
) -> list[Commitment]:
    found = []
    for _ in range(rng.randint(0, 2)):
        owner = rng.choice((pair.mentor, pair.mentee))
        due = made + dt.timedelta(days=rng.randint(5, 14))
        kept = due < now and rng.random() < (0.4 if drifting else 0.9)
        found.append(
            Commitment(
                relationship=pair,
                text=rng.choice(PROMISES),
                owner=owner,
                due_date=due.date(),
                created_at=made,
                created_by=owner,
                status=Commitment.Status.DONE if kept else Commitment.Status.OPEN,
                completed_at=due - dt.timedelta(days=rng.randint(0, 3)) if kept else None,
                prompted=kept and rng.random() < 0.3,
            )
        )
    return found


def _answers(
    pair: Relationship, day: int, rng: random.Random, *, low: bool
) -> list[SurveyResponse]:
    found = []
    for person, role in ((pair.mentor, "mentor"), (pair.mentee, "mentee")):
        level = rng.randint(2, 3) if low else rng.randint(5, 6)
        given = {item.key: min(7, max(1, level + rng.randint(-1, 1))) for item in ITEMS}
        found.append(
            SurveyResponse(
                relationship=pair,
                respondent=person,
                role=role,
                round_day=day,
                answers=given,
                scales=scales(given),
                **scales(given),
                submitted_at=pair.started_at + dt.timedelta(days=day + 1),
            )
        )
    return found


def _write(batch: Batch) -> None:
    Meeting.objects.bulk_create(batch.meetings, batch_size=BATCH)
    Message.objects.bulk_create(batch.messages, batch_size=BATCH)
    Commitment.objects.bulk_create(batch.commitments, batch_size=BATCH)
    SurveyResponse.objects.bulk_create(batch.answers, batch_size=BATCH)


def _check_ins(pairs: list[Relationship], rng: random.Random) -> None:
    """Most mentees check in privately after most meetings."""
    held = Meeting.objects.filter(relationship__in=pairs, status=Meeting.Status.HELD)
    ComfortCheckIn.objects.bulk_create(
        [
            ComfortCheckIn(
                meeting_id=meeting,
                person_id=mentee,
                sharing_comfortable=rng.choice((3, 4, 4, 5, 5, 5)),
                boundaries_respected=rng.choice((4, 5, 5, 5)),
            )
            for meeting, mentee in held.values_list("pk", "relationship__mentee_id")
            if rng.random() < 0.6
        ],
        batch_size=BATCH,
    )


def _projects(pairs: list[Relationship], rng: random.Random) -> None:
    chosen = rng.sample(pairs, min(24, len(pairs)))
    Project.objects.bulk_create(
        [
            Project(
                relationship=pair,
                programme=pair.programme,
                title=title,
                purpose=purpose,
                created_by=pair.mentee,
                status=rng.choice((Project.Status.PLANNING, Project.Status.ACTIVE)),
                created_at=pair.started_at + dt.timedelta(weeks=4),
            )
            for pair, (title, purpose) in zip(
                chosen, rng.choices(PROJECTS, k=len(chosen)), strict=True
            )
        ]
    )


def _concern(programme: Programme, pairs: list[Relationship], rng: random.Random) -> None:
    """One mentee reported that their mentor messages late at night."""
    pair = rng.choice(pairs)
    ConcernReport.objects.create(
        programme=programme,
        relationship=pair,
        reporter=pair.mentee,
        category=ConcernReport.Category.BOUNDARIES,
        text="My mentor often messages after 22:00 my time and expects a quick answer. "
        "I'd like help raising it without souring things.",
        wants_contact=True,
        created_at=timezone.now() - dt.timedelta(days=2),
    )
