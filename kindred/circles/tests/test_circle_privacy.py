"""The privacy suite for circles: a member's check-in never reaches another
member, the facilitator or a manager below the minimum group of five
distinct people (counted as people, not answers), its note never at all,
and the conversation stays the circle's."""

from __future__ import annotations

import datetime as dt

import pytest

from kindred.circles import services
from kindred.circles.health import circle_health, pooled_comfort
from kindred.circles.models import Attendance, CircleMeeting
from kindred.circles.tests.conftest import CircleWorld
from kindred.conftest import client_for
from kindred.lib.errors import Conflict, Forbidden

UTC = dt.UTC
NOTE = "I felt talked over by one person"


def held_meeting(cw: CircleWorld, days_ago: int) -> CircleMeeting:
    start = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(days=days_ago)
    meeting = CircleMeeting.objects.create(
        circle=cw.circle, start=start, end=start + dt.timedelta(hours=1), zone="UTC",
        status=CircleMeeting.Status.HELD,
    )  # fmt: skip
    for person in [cw.facilitator, *cw.members]:
        Attendance.objects.create(meeting=meeting, person=person, attended=True)
    return meeting


def check_in(cw: CircleWorld, meeting: CircleMeeting, person: object, low: bool = False) -> None:
    services.checkin_submit(
        actor=person,  # type: ignore[arg-type]
        circle=cw.circle,
        meeting_id=meeting.pk,
        sharing_comfortable=1 if low else 4,
        boundaries_respected=1 if low else 5,
        note=NOTE if low else "",
    )


def pages(cw: CircleWorld) -> dict[str, str]:
    viewers = {"facilitator": cw.facilitator, "member": cw.members[1], "manager": cw.world.manager,
               "admin": cw.world.admin}  # fmt: skip
    return {
        name: client_for(person).get(f"/circles/{cw.circle.pk}/").content.decode()
        for name, person in viewers.items()
    }


def test_four_check_ins_reach_no_one_else(circle_world: CircleWorld) -> None:
    cw = circle_world
    meeting = held_meeting(cw, 3)
    check_in(cw, meeting, cw.members[0], low=True)
    for person in cw.members[1:]:
        check_in(cw, meeting, person)
    assert not pooled_comfort(cw.circle).shown
    health = circle_health(cw.circle, now=dt.datetime.now(UTC))
    assert not any(c.component == "comfort" for c in health.contributors)
    for name, html in pages(cw).items():
        assert NOTE not in html, name
        assert "pooled over" not in html, name


def test_one_person_checking_in_often_is_still_one_person(circle_world: CircleWorld) -> None:
    cw = circle_world
    for days in range(1, 7):
        check_in(cw, held_meeting(cw, days), cw.members[0])
    assert pooled_comfort(cw.circle).people == 0  # not shown: one person's answers


def test_five_people_pool_and_the_note_still_stays_private(circle_world: CircleWorld) -> None:
    cw = circle_world
    meeting = held_meeting(cw, 3)
    check_in(cw, meeting, cw.members[0], low=True)
    for person in [cw.facilitator, *cw.members[1:]]:
        check_in(cw, meeting, person)
    comfort = pooled_comfort(cw.circle)
    assert comfort.shown and comfort.people == 5
    for name, html in pages(cw).items():
        assert "pooled over 5 people" in html, name
        assert NOTE not in html, name


def test_only_someone_invited_checks_in_once_after_the_meeting(circle_world: CircleWorld) -> None:
    cw = circle_world
    meeting = held_meeting(cw, 1)
    with pytest.raises(Forbidden):
        check_in(cw, meeting, cw.world.participant)
    check_in(cw, meeting, cw.members[0])
    with pytest.raises(Conflict):
        check_in(cw, meeting, cw.members[0])
    coming = services.meeting_arrange(
        actor=cw.facilitator,
        circle=cw.circle,
        start=dt.datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        + dt.timedelta(days=8, hours=-dt.datetime.now(UTC).hour + 10),
        minutes=60,
    )
    with pytest.raises(Conflict):
        check_in(cw, coming, cw.members[0])


def test_the_health_names_what_needs_attention(circle_world: CircleWorld) -> None:
    cw = circle_world
    meeting = held_meeting(cw, 40)
    Attendance.objects.filter(meeting=meeting).exclude(person=cw.facilitator).update(attended=False)
    health = circle_health(cw.circle, now=dt.datetime.now(UTC))
    reasons = [str(reason) for reason in health.reasons]
    assert "The agreement is not yet signed by everyone." in reasons
    assert any(r.startswith("No meeting for 40 days") for r in reasons)
    assert "Only 1 of 5 came to the last meeting." in reasons
    assert health.score is not None and health.score < 50


def test_the_dashboard_pools_circle_comfort_only_over_five_people(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    meeting = held_meeting(cw, 3)
    url = f"/programmes/{cw.world.programme.slug}/dashboard/"
    for person in cw.members:
        check_in(cw, meeting, person)
    html = client_for(cw.world.manager).get(url).content.decode()
    assert "Comfort in meetings" in html and "Not enough answers to show" in html
    assert "4.5 of 5" not in html
    check_in(cw, meeting, cw.facilitator)
    html = client_for(cw.world.manager).get(url).content.decode()
    assert "4.5 of 5" in html  # five people now: (4 + 5) / 2
    assert "with 100% of those invited there" in html
