"""The practice page's figures are the trust issue's figures: on a
constructed history, what the page counts equals the ledger, reliability
and initiative of each relationship (summed over a mentor's mentees), and
the hand count. Check-ins reach it only as averages over five."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import transaction

from kindred.commitments.models import Commitment
from kindred.commitments.selectors import ledgers
from kindred.conftest import World, client_for, make_meeting, make_user
from kindred.guides.models import Question, QuestionUse
from kindred.meetings.models import Meeting, Reschedule
from kindred.meetings.selectors import initiative, reliability
from kindred.messaging.models import Message
from kindred.practice.practice import practice_of
from kindred.practice.steps import sections
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start
from kindred.safety.models import ComfortCheckIn

UTC = dt.UTC
START = dt.datetime(2026, 1, 5, 9, tzinfo=UTC)  # a Monday; the programme meets fortnightly
NOW = START + dt.timedelta(days=70)


def start_pair(world: World, mentor, mentee) -> Relationship:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=mentor, mentee=mentee, source="matching"
        )
    Relationship.objects.filter(pk=pair.pk).update(started_at=START)
    pair.refresh_from_db()
    return pair


def meeting(pair: Relationship, day: int, status: str, by, **extra) -> Meeting:
    start = START + dt.timedelta(days=day, hours=5)
    return make_meeting(
        pair,
        start,
        zone="Europe/London",
        status=status,
        proposed_by=by,
        initiated_by=by,
        **extra,
    )


def commitment(pair: Relationship, owner, due_day: int, done_day: float | None, prompted=False):
    return Commitment.objects.create(
        relationship=pair,
        text="…",
        owner=owner,
        created_by=owner,
        due_date=(START + dt.timedelta(days=due_day)).date(),
        created_at=START + dt.timedelta(days=max(0, due_day - 7)),
        status="done" if done_day is not None else "open",
        completed_at=START + dt.timedelta(days=done_day) if done_day is not None else None,
        prompted=prompted,
    )


@pytest.fixture
def history(world: World) -> tuple[Relationship, Relationship]:
    mentor, mentee = world.partner, world.owner
    first = start_pair(world, mentor, mentee)
    meeting(first, 2, "held", mentor)
    meeting(first, 16, "held", mentee, late_arrival=mentee)
    meeting(first, 30, "missed", mentor, absent=mentee)
    meeting(first, 44, "cancelled", mentee, cancelled_by=mentor, late_cancellation=True)
    moved = meeting(first, 45, "held", mentor)
    Reschedule.objects.create(
        meeting=moved, by=mentor, from_start=moved.start, to_start=moved.start
    )
    for day, hour, sender in [(0, 1, mentor), (0, 3, mentee), (11, 0, mentee)]:
        Message.objects.create(
            relationship=first,
            sender=sender,
            body="…",
            sent_at=START + dt.timedelta(days=day, hours=hour),
        )
    commitment(first, mentor, 10, 9)  # on time, unprompted; ready for day 16
    commitment(first, mentor, 20, 25, prompted=True)  # late, prompted; not ready for day 30
    commitment(first, mentor, 60, None)  # overdue at day 70
    commitment(first, mentee, 12, 15)  # late, but done before the day-16 meeting
    levels = {1: 2, 2: 1, 3: 1}
    for level, n in levels.items():
        for question in Question.objects.filter(level=level, programme=None, relationship=None)[:n]:
            QuestionUse.objects.create(
                relationship=first, question=question, outcome="asked", by=mentor
            )
    # The mentor's second mentee: one more meeting held, one more commitment.
    second = start_pair(world, mentor, world.participant)
    meeting(second, 3, "held", world.participant)
    commitment(second, mentor, 5, 4)
    return first, second


def trust_figures(pair: Relationship, person_id: int):
    meetings = list(pair.meetings.all())
    return (
        ledgers(pair, now=NOW)[person_id]["life"],
        reliability(pair, meetings)[person_id],
        initiative(pair, meetings, now=NOW),
    )


def test_a_mentors_figures_are_the_trust_figures_summed(world, history) -> None:
    page = practice_of(world.partner, "mentor", now=NOW)
    ledger_total, steady_total = None, None
    proposed = wrote = periods = kept = 0
    for pair in history:
        ledger, steady, moves = trust_figures(pair, world.partner.pk)
        ledger_total = ledger if ledger_total is None else _sum(ledger_total, ledger)
        steady_total = steady if steady_total is None else _sum(steady_total, steady)
        proposed += moves.meetings_proposed[world.partner.pk]
        wrote += moves.wrote_first[world.partner.pk]
        periods += moves.periods
        kept += moves.periods_with_meeting
    assert page.ledger == ledger_total
    assert page.reliability == steady_total
    assert (page.proposed_first, page.wrote_first) == (proposed, wrote)
    assert (page.periods, page.periods_kept) == (periods, kept)
    assert page.relationships == 2


def _sum(a, b):
    return dataclasses.replace(
        a, **{f.name: getattr(a, f.name) + getattr(b, f.name) for f in dataclasses.fields(a)}
    )


def test_the_mentors_figures_match_the_hand_count(world, history) -> None:
    page = practice_of(world.partner, "mentor", now=NOW)
    ledger = page.ledger
    assert (
        ledger.made,
        ledger.completed,
        ledger.on_time,
        ledger.unprompted,
        ledger.overdue_now,
    ) == (4, 3, 2, 2, 1)
    steady = page.reliability
    # Held 2, 16, 45 and missed 30 (the mentee's no-show) in the first; held 3 in the second.
    assert (
        steady.due,
        steady.attended,
        steady.on_time,
        steady.late_cancellations,
        steady.reschedules,
    ) == (5, 5, 5, 1, 1)
    # Proposed first: days 2, 30, 45 (first pair); the second pair's mentee proposed day 3.
    assert (page.proposed_first, page.partner_proposed_first) == (3, 3)
    assert (page.wrote_first, page.partner_wrote_first) == (1, 1)
    # Five fortnights each: first pair held in 0, 1, 3; second only in 0.
    assert (page.periods, page.periods_kept) == (10, 4)
    assert page.asked_by_level == {1: 2, 2: 1, 3: 1} and page.deepest_level == 3
    # Due day 10 then day-16 meeting (ready); due 20 then day-30 meeting was missed, so
    # day 45 follows: done by day 25 (ready); due 5 then day... none held after in the second.
    assert (page.due_before_meeting, page.ready_for_meeting) == (2, 2)


def test_a_mentees_side_has_its_own_figures(world, history) -> None:
    first, _ = history
    page = practice_of(world.owner, "mentee", now=NOW)
    ledger, steady, moves = trust_figures(first, world.owner.pk)
    assert page.ledger == ledger and page.reliability == steady
    assert page.proposed_first == moves.meetings_proposed[world.owner.pk] == 2
    assert (page.due_before_meeting, page.ready_for_meeting) == (1, 1)
    assert [s.key for s in sections(page)] == ["trust", "engagement", "preparation"]


def test_each_skill_gets_one_next_step_from_the_figures(world, history) -> None:
    page = practice_of(world.partner, "mentor", now=NOW)
    steps = {s.key: s.next_step for s in sections(page)}
    assert list(steps) == ["trust", "engagement", "forming", "boundaries", "collaboration"]
    assert steps["trust"].startswith("Finish or renegotiate your 1 overdue commitment")
    assert "sign" in steps["engagement"]  # no agreement signed yet
    assert "level 4 of the guide (Life and career dreams)" in steps["forming"]
    assert "Agree one joint project" in steps["collaboration"]


def check_in(meeting_row: Meeting, person, sharing: int) -> None:
    ComfortCheckIn.objects.create(
        meeting=meeting_row, person=person, sharing_comfortable=sharing, boundaries_respected=5
    )


def test_check_ins_reach_the_mentor_only_from_five_distinct_people(world, history) -> None:
    """Five check-ins from the one mentee are still one person's answers:
    nothing of them reaches the mentor, not even how many there are
    (issue 20, finding 7). Five different people's do, as averages."""
    first, _ = history
    held = list(first.meetings.filter(status="held"))
    for n in range(4):
        held.append(meeting(first, 50 + n, "held", world.partner))
    for n, row in enumerate(held[:5]):
        check_in(row, world.owner, 2 + n % 2)
    check_in(held[0], world.partner, 1)  # the mentor's own check-in is not about them
    page = practice_of(world.partner, "mentor", now=NOW)
    assert (page.comfort.people, page.comfort.sharing_comfortable) == (1, None)
    html = client_for(world.partner).get("/develop/practice/").content.decode()
    assert "Not enough answers to show" in html
    assert "so far" not in html and "2.4 of 5" not in html
    steps = {s.key: s.next_step for s in sections(page)}
    assert "let them lead" not in steps["boundaries"]  # no direction either
    for n in range(4):
        mentee = make_user(f"mentee{n}@test.example", f"Mentee {n}")
        pair = Relationship.objects.create(
            programme=world.programme, mentor=world.partner, mentee=mentee, started_at=START
        )
        check_in(meeting(pair, 3 + n, "held", world.partner), mentee, 2)
    page = practice_of(world.partner, "mentor", now=NOW)
    assert page.comfort.people == 5 and page.comfort.sharing_comfortable is not None
    assert "let them lead" in {s.key: s.next_step for s in sections(page)}["boundaries"]


@pytest.mark.parametrize("actor", ["owner", "participant", "manager", "admin", "other_manager"])
def test_nobody_else_sees_a_mentors_practice_figures(world, history, actor) -> None:
    mine = client_for(world.partner).get("/develop/practice/").content.decode()
    assert "3 (your mentee: 3)" in mine
    theirs = client_for(world.actors()[actor]).get("/develop/practice/").content.decode()
    assert "3 (your mentee: 3)" not in theirs


def test_the_practice_page_lists_both_sides_for_someone_on_both(world, history) -> None:
    html = client_for(world.partner).get("/develop/practice/").content.decode()
    assert "Build trust" in html and "Collaborate" in html and "As a mentee" not in html
    html = client_for(world.owner).get("/develop/practice/").content.decode()
    assert "Come prepared" in html and "Collaborate" not in html
    html = client_for(world.outsider).get("/develop/practice/").content.decode()
    assert "once you mentor or are mentored" in html


def test_the_pages_read_a_bounded_number_of_queries(
    world, history, django_assert_max_num_queries
) -> None:
    client = client_for(world.partner)
    client.get("/develop/")  # warm the session
    with django_assert_max_num_queries(12):
        client.get("/develop/")
    # Per relationship: meetings, commitments, moves, messages, two agreement
    # reads, the profile, questions asked and projects; two relationships here.
    with django_assert_max_num_queries(40):
        client.get("/develop/practice/")
