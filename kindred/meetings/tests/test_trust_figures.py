"""Reliability and initiative on a constructed history, checked against
figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kindred.conftest import World, make_meeting
from kindred.meetings.models import Meeting, Reschedule
from kindred.meetings.selectors import initiative, reliability
from kindred.messaging.models import Message
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

UTC = dt.UTC
START = dt.datetime(2026, 1, 5, 9, tzinfo=UTC)  # a Monday; the programme meets every two weeks
NOW = START + dt.timedelta(days=70)  # five whole fortnights later


@pytest.fixture
def history(world: World) -> Relationship:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    Relationship.objects.filter(pk=pair.pk).update(started_at=START)
    pair.refresh_from_db()
    mentor, mentee = world.partner, world.owner

    def meeting(day: int, status: str, by, **extra) -> Meeting:
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

    meeting(2, "held", mentor)  # fortnight 0
    meeting(16, "held", mentee, late_arrival=mentee)  # fortnight 1
    meeting(30, "missed", mentor, absent=mentee)  # fortnight 2: a no-show, nothing held
    meeting(44, "cancelled", mentee, cancelled_by=mentor, late_cancellation=True)  # fortnight 3
    moved = meeting(45, "held", mentor)  # fortnight 3, moved twice by the mentee
    for _ in range(2):
        Reschedule.objects.create(
            meeting=moved, by=mentee, from_start=moved.start, to_start=moved.start
        )
    meeting(50, "cancelled", mentor, cancelled_by=mentee, late_cancellation=False)
    meeting(75, "confirmed", mentee)  # upcoming: counts as proposed, not as held
    # Messages: the mentor writes first; after a 10-day silence the mentee does.
    for day, hour, sender in [(0, 1, mentor), (0, 3, mentee), (1, 0, mentor), (11, 0, mentee)]:
        Message.objects.create(
            relationship=pair,
            sender=sender,
            body="…",
            sent_at=START + dt.timedelta(days=day, hours=hour),
        )
    return pair


def test_reliability_matches_the_hand_count(world: World, history: Relationship) -> None:
    figures = reliability(history, list(history.meetings.all()))
    mentor, mentee = figures[world.partner.pk], figures[world.owner.pk]
    # Held at days 2, 16, 45; missed at 30 (the mentee did not come).
    assert (mentor.due, mentor.attended, mentor.on_time) == (4, 4, 4)
    assert (mentee.due, mentee.attended, mentee.on_time) == (4, 3, 2)
    assert (mentor.no_shows, mentee.no_shows) == (0, 1)
    assert (mentor.late_cancellations, mentee.late_cancellations) == (1, 0)
    assert (mentor.reschedules, mentee.reschedules) == (0, 2)
    assert mentee.attended_share == 0.75 and mentee.on_time_share == pytest.approx(2 / 3)


def test_initiative_matches_the_hand_count(world: World, history: Relationship) -> None:
    figures = initiative(history, list(history.meetings.all()), now=NOW)
    assert figures.meetings_proposed == {world.partner.pk: 4, world.owner.pk: 3}
    assert figures.wrote_first == {world.partner.pk: 1, world.owner.pk: 1}
    # Five whole fortnights; a meeting was held in 0, 1 and 3 (not 2, not 4).
    assert (figures.cadence, figures.periods, figures.periods_with_meeting) == ("fortnightly", 5, 3)
    assert figures.cadence_kept == pytest.approx(0.6)
