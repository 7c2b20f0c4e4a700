"""Once both sign, the agreement's off-limits hours (not each profile's)
decide which times are refused, which are suggested, and when Kindred
e-mails each person about the relationship."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import transaction

from kindred.conftest import World, client_for, give_intake
from kindred.engines.scheduling.slots import boundaries
from kindred.lib.errors import InvalidInput
from kindred.meetings import times
from kindred.meetings.tests.test_meetings import NOW, propose
from kindred.notifications.models import Notification
from kindred.profiles.models import Profile
from kindred.relationships.models import Agreement, Relationship
from kindred.relationships.selectors import calendar_in
from kindred.relationships.services import agreement_save_draft, agreement_sign, relationship_start

UTC = dt.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
TUE_10_BST = dt.datetime(2026, 6, 2, 9, tzinfo=UTC)
TUE_11_BST = dt.datetime(2026, 6, 2, 10, tzinfo=UTC)
TERMS = {
    "cadence": "weekly",
    "session_minutes": 45,
    "sync_channels": ["video"],
    "video_link": "https://meet.example.org/pair",
    "async_channels": ["messages"],
    "reply_within_hours": 48,
    "mentor_off_limits": "Team call Tue 11:00-12:00\nQuiet hours 08:00-10:00",
    "mentee_off_limits": "",
    "objectives": "Lead a remote team well.",
}


@pytest.fixture
def pair(world: World) -> Relationship:
    for n, person in enumerate([world.owner, world.partner]):
        give_intake(person, seed=n)  # Mon-Fri 08:00-18:00 local; the mentor is in London
    Profile.objects.filter(user=world.partner).update(
        boundary_blocks=[
            {"label": "caregiving", "days": [1], "start": "10:00", "end": "11:00", "hard": True}
        ]
    )
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


def sign(world: World, pair: Relationship, **changes: object) -> Agreement:
    agreement = agreement_save_draft(actor=world.owner, relationship=pair, terms=TERMS | changes)
    agreement_sign(actor=world.owner, relationship=pair, agreement_id=agreement.pk)
    return agreement_sign(actor=world.partner, relationship=pair, agreement_id=agreement.pk)


def refusals(pair: Relationship, start: dt.datetime) -> list[str]:
    pair = Relationship.objects.select_related("mentor__profile", "mentee__profile").get(pk=pair.pk)
    return [str(r) for r in times.check_time(pair, start, start + dt.timedelta(minutes=45))[0]]


def test_profile_boundaries_until_signed_then_the_signed_hours(
    world: World, pair: Relationship
) -> None:
    assert refusals(pair, TUE_10_BST) == ["caregiving for Pat Partner"]
    assert refusals(pair, TUE_11_BST) == []
    agreement_save_draft(actor=world.owner, relationship=pair, terms=TERMS)
    assert refusals(pair, TUE_10_BST) == ["caregiving for Pat Partner"]  # a draft binds nothing
    sign(world, pair)
    assert refusals(pair, TUE_10_BST) == []
    assert refusals(pair, TUE_11_BST) == ["Team call for Pat Partner"]
    with pytest.raises(InvalidInput, match="Team call for Pat Partner"):
        propose(world, pair, start=TUE_11_BST)


def test_suggestions_follow_the_signed_hours(world: World, pair: Relationship) -> None:
    sign(world, pair)
    team_calls = [
        interval
        for interval, label in boundaries(
            calendar_in(pair, world.partner), NOW, NOW + dt.timedelta(weeks=3)
        )[0]
        if label == "Team call"
    ]
    assert len(team_calls) >= 3 and all(a.astimezone(LONDON).hour == 11 for a, _ in team_calls)
    slots = times.suggestions(pair, now=NOW)
    assert slots
    for slot in slots:
        assert not any(a < slot.end and b > slot.start for a, b in team_calls)


def test_the_signed_quiet_hours_time_the_relationship_emails(
    world: World, pair: Relationship
) -> None:
    def mentor_invitation(meeting_start: dt.datetime) -> Notification:
        meeting = propose(world, pair, start=meeting_start)
        return Notification.objects.get(
            recipient=world.partner, idempotency_key__contains=meeting.uid
        )

    first = mentor_invitation(dt.datetime(2026, 6, 3, 13, tzinfo=UTC))
    assert first.earliest_send_at == NOW  # no quiet hours in the profile
    sign(world, pair)
    later = mentor_invitation(dt.datetime(2026, 6, 4, 13, tzinfo=UTC))
    assert later.earliest_send_at == dt.datetime(2026, 6, 1, 9, tzinfo=UTC)  # 10:00 in London
    mentee_copy = Notification.objects.exclude(recipient=world.partner).latest("id")
    assert mentee_copy.earliest_send_at == NOW


def test_off_limits_lines_that_do_not_parse_are_refused_and_nothing_is_saved(
    world: World, pair: Relationship
) -> None:
    form = {
        **TERMS,
        "session_minutes": "45",
        "sync_1": "video",
        "reply_within_hours": "48",
        "mentee_off_limits": "Quiet hours 22:00-07:00\nEvenings, mostly",
    }
    response = client_for(world.owner).post(f"/relationships/{pair.pk}/agreement/", form)
    assert response.status_code == 200
    assert "Line 2" in response.content.decode() and not Agreement.objects.exists()
    with pytest.raises(InvalidInput, match="Line 1"):
        agreement_save_draft(
            actor=world.owner, relationship=pair, terms=TERMS | {"mentor_off_limits": "Late"}
        )


def test_a_changed_profile_is_pointed_out_and_can_be_brought_in(
    world: World, pair: Relationship
) -> None:
    sign(world, pair, mentor_off_limits="Caregiving Tue 10:00-11:00")
    page = (
        client_for(world.partner)
        .get(f"/relationships/{pair.pk}/sections/agreement/")
        .content.decode()
    )
    assert "boundaries have changed" not in page
    Profile.objects.filter(user=world.partner).update(
        quiet_hours={"start": "21:00", "end": "07:00"}
    )
    page = (
        client_for(world.partner)
        .get(f"/relationships/{pair.pk}/sections/agreement/")
        .content.decode()
    )
    assert "boundaries have changed" in page
    assert (
        "boundaries have changed"
        not in client_for(world.owner)
        .get(f"/relationships/{pair.pk}/sections/agreement/")
        .content.decode()
    )
    form = client_for(world.partner).get(f"/relationships/{pair.pk}/agreement/?from=profiles")
    assert "Quiet hours 21:00-07:00\nCaregiving Tue 10:00-11:00" in form.content.decode()
