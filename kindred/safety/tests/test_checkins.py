"""Comfort check-ins are the writer's own: the partner never sees them, and
managers see only aggregates over five answers or more."""

from __future__ import annotations

import datetime as dt

import pytest

from kindred.conftest import World, client_for, enrol, make_meeting, make_user
from kindred.lib.errors import Conflict, Forbidden, InvalidInput
from kindred.meetings.models import Meeting
from kindred.notifications.models import Notification
from kindred.relationships.models import Relationship
from kindred.safety.models import ComfortCheckIn
from kindred.safety.selectors import comfort_summary
from kindred.safety.services import checkin_submit

UTC = dt.UTC
PRIVATE = "I felt pushed to talk about my divorce"


def held_meeting(pair: Relationship, days_ago: int = 2, status: str = "held") -> Meeting:
    start = dt.datetime.now(UTC) - dt.timedelta(days=days_ago)
    return make_meeting(pair, start, zone="UTC",
        status=status,
    )  # fmt: skip


def test_a_check_in_is_private_to_its_writer(world: World, pair: Relationship) -> None:
    meeting = held_meeting(pair)
    owner = client_for(world.owner)
    assert (
        "How did your meeting"
        in owner.get(f"/relationships/{pair.pk}/sections/meetings/").content.decode()
    )
    response = owner.post(
        f"/relationships/{pair.pk}/meetings/{meeting.pk}/check-in/",
        {"sharing_comfortable": "4", "boundaries_respected": "5", "note": PRIVATE},
    )
    assert response.status_code == 302
    assert (
        "How did your meeting"
        not in owner.get(f"/relationships/{pair.pk}/sections/meetings/").content.decode()
    )
    for viewer in (world.partner, world.manager, world.admin):
        page = client_for(viewer).get(f"/relationships/{pair.pk}/sections/meetings/")
        assert PRIVATE.encode() not in page.content
        programme_page = client_for(viewer).get(f"/programmes/{world.programme.slug}/")
        assert PRIVATE.encode() not in programme_page.content
    assert not Notification.objects.filter(body__contains="check").exists()
    other = client_for(world.partner).get(
        f"/relationships/{pair.pk}/meetings/{meeting.pk}/check-in/"
    )
    assert PRIVATE.encode() not in other.content  # the partner's own, empty form


def test_a_low_answer_offers_the_private_path(world: World, pair: Relationship) -> None:
    meeting = held_meeting(pair)
    response = client_for(world.owner).post(
        f"/relationships/{pair.pk}/meetings/{meeting.pk}/check-in/",
        {"sharing_comfortable": "2", "boundaries_respected": "4"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "report a concern confidentially" in page
    assert f"/relationships/{pair.pk}/concern/" in page


def test_bad_check_ins_are_refused(world: World, pair: Relationship) -> None:
    meeting = held_meeting(pair)
    with pytest.raises(InvalidInput):
        checkin_submit(
            actor=world.owner, meeting=meeting, sharing_comfortable=6, boundaries_respected=3
        )
    with pytest.raises(Forbidden):
        checkin_submit(
            actor=world.participant, meeting=meeting, sharing_comfortable=3, boundaries_respected=3
        )
    with pytest.raises(Conflict):  # not held yet
        checkin_submit(
            actor=world.owner,
            meeting=held_meeting(pair, days_ago=-2, status="confirmed"),
            sharing_comfortable=3,
            boundaries_respected=3,
        )
    checkin_submit(
        actor=world.owner, meeting=meeting, sharing_comfortable=3, boundaries_respected=3
    )
    with pytest.raises(Conflict):  # once per meeting
        checkin_submit(
            actor=world.owner, meeting=meeting, sharing_comfortable=5, boundaries_respected=5
        )
    assert ComfortCheckIn.objects.count() == 1


def test_managers_see_aggregates_from_five_distinct_people_only(
    world: World, pair: Relationship
) -> None:
    """Many answers from the pair are two people's answers: nothing shows,
    not even the count, until five different people have checked in."""
    answers = [(4, 5), (2, 2), (5, 5), (3, 4), (1, 4), (2, 3)]
    people = [world.owner, world.partner]
    for n, (sharing, respected) in enumerate(answers):
        checkin_submit(
            actor=people[n % 2],
            meeting=held_meeting(pair, days_ago=n + 1),
            sharing_comfortable=sharing,
            boundaries_respected=respected,
        )
    two = comfort_summary(world.programme)
    assert (two.people, two.answers, two.shown, two.sharing_comfortable) == (2, None, False, None)
    page = client_for(world.manager).get(f"/programmes/{world.programme.slug}/").content.decode()
    assert "Not enough answers to show" in page and "of 5 on average" not in page
    assert "6 private check-ins" not in page
    for n in range(3):
        mentee = make_user(f"mentee{n}@test.example", f"Mentee {n}")
        enrol(mentee, world.programme, "mentee")
        other = Relationship.objects.create(
            programme=world.programme, mentor=world.partner, mentee=mentee
        )
        checkin_submit(
            actor=mentee, meeting=held_meeting(other), sharing_comfortable=3, boundaries_respected=3
        )
    five = comfort_summary(world.programme)
    assert (five.people, five.answers, five.low) == (5, 9, 3)
    assert five.sharing_comfortable == pytest.approx(26 / 9)
    page = client_for(world.manager).get(f"/programmes/{world.programme.slug}/").content.decode()
    assert "2.9 of 5 on average" in page and "from 5 people" in page
    other_manager = client_for(world.other_manager).get(f"/programmes/{world.programme.slug}/")
    assert other_manager.status_code == 404
    assert (
        "of 5 on average"
        not in client_for(world.participant)
        .get(f"/programmes/{world.programme.slug}/")
        .content.decode()
    )  # participants never see the figures
