"""A join link in every meeting, by the programme's choice: each pair's own
Jitsi room (never shared, signed where the server asks, revoked when the
relationship ends), the mentor's personal room, or the agreed link; in the
invitation (LOCATION, URL, DESCRIPTION and RFC 7986 CONFERENCE), the e-mail,
the workspace, and a Join step on the home from ten minutes before."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import OctKey

from kindred.conftest import World, client_for, make_meeting, started_pair
from kindred.lib.sealing import unseal
from kindred.meetings.invitations import invitation
from kindred.meetings.models import Meeting, VideoRoom
from kindred.meetings.video import join_link
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_change_status

SECRET = "a-jitsi-app-secret-long-enough-0123"


def use_video(world: World, video: str, **extra: str) -> None:
    Programme.objects.filter(pk=world.programme.pk).update(video=video, **extra)


def fresh(pair: Relationship) -> Relationship:
    """The pair as a request reads it, with the programme's video choice now."""
    return Relationship.objects.select_related("programme", "mentor", "mentee").get(pk=pair.pk)


def event_of(meeting: Meeting) -> icalendar.cal.component.Component:
    data = invitation(meeting, method="REQUEST", now=timezone.now())
    return icalendar.Calendar.from_ical(data).walk("VEVENT")[0]


def test_each_pair_gets_its_own_jitsi_room_in_the_invitation(world: World) -> None:
    use_video(world, "jitsi")
    pair = fresh(started_pair(world))
    other = fresh(Relationship.objects.create(
        programme=world.programme, mentor=world.partner, mentee=world.participant,
        status=Relationship.Status.ACTIVE,
    ))  # fmt: skip
    link = join_link(pair)
    assert link.startswith("https://meet.jit.si/kindred-") and len(link) > 40
    assert join_link(pair) == link  # one room for the pair
    assert join_link(other) != link  # never shared
    meeting = make_meeting(pair, timezone.now() + dt.timedelta(days=2), status="confirmed")
    event = event_of(meeting)
    assert str(event["location"]) == link and str(event["url"]) == link
    assert str(event["conference"]) == link and event["conference"].params["FEATURE"] == "VIDEO"
    assert f"Join: {link}" in str(event["description"])


def test_a_secured_jitsi_gets_a_token_for_that_room_alone(world: World) -> None:
    pair = fresh(started_pair(world))
    page = client_for(world.manager).post(
        f"/programmes/{world.programme.slug}/edit/",
        {"name": world.programme.name, "start_date": "2026-01-01", "end_date": "2026-12-31",
         "status": "running", "default_cadence": "fortnightly", "mentor_capacity_default": 2,
         "video": "jitsi", "jitsi_base_url": "https://video.example.org",
         "jitsi_app_id": "kindred", "jitsi_secret": SECRET},
    )  # fmt: skip
    assert page.status_code == 302, page.content.decode()[:2000]
    programme = Programme.objects.get(pk=world.programme.pk)
    assert SECRET not in programme.jitsi_secret_sealed
    assert unseal(programme.jitsi_secret_sealed) == SECRET
    link = join_link(fresh(pair))
    room = VideoRoom.objects.get(relationship=pair).room
    assert link.startswith(f"https://video.example.org/{room}?jwt=")
    claims = jwt.decode(link.partition("?jwt=")[2], OctKey.import_key(SECRET)).claims
    assert claims["room"] == room and claims["iss"] == "kindred"
    # The same link all month (an unchanged meeting stays unchanged in feeds
    # and written calendars), and still good for months to come.
    now = timezone.now()
    assert join_link(fresh(pair), now=now.replace(day=2, hour=9)) == join_link(
        fresh(pair), now=now.replace(day=28, hour=17)
    )
    assert claims["exp"] > (now + dt.timedelta(days=140)).timestamp()


def test_an_ended_relationship_loses_its_room(world: World) -> None:
    use_video(world, "jitsi")
    pair = fresh(started_pair(world))
    assert join_link(pair)
    relationship_change_status(
        actor=world.owner, relationship=pair, to=Relationship.Status.ENDED_EARLY, note="moved on"
    )
    assert join_link(fresh(pair)) == ""
    assert VideoRoom.objects.get(relationship=pair).revoked_at is not None


def test_the_mentors_personal_room_and_the_fallbacks(world: World) -> None:
    use_video(world, "personal")
    pair = fresh(started_pair(world))
    mentor = client_for(world.partner)
    refused = mentor.post("/calendars/video-room/",
                          {"personal_room_url": "https://zoom.us.evil.example/j/1"})  # fmt: skip
    assert refused.status_code == 422 and "Zoom, Microsoft Teams or Google Meet" in (
        refused.content.decode()
    )
    assert mentor.post("/calendars/video-room/",
                       {"personal_room_url": "https://meet.google.com/abc-defg-hij"}
                       ).status_code == 302  # fmt: skip
    assert join_link(fresh(pair)) == "https://meet.google.com/abc-defg-hij"
    type(world.partner).objects.filter(pk=world.partner.pk).update(personal_room_url="")
    type(world.owner).objects.filter(pk=world.owner.pk).update(
        personal_room_url="https://us02web.zoom.us/j/81234567890"
    )
    assert join_link(fresh(pair)) == "https://us02web.zoom.us/j/81234567890"  # the mentee's


def test_the_home_offers_join_from_ten_minutes_before(world: World) -> None:
    use_video(world, "jitsi")
    pair = fresh(started_pair(world))
    later = make_meeting(pair, timezone.now() + dt.timedelta(hours=3), status="confirmed")
    home = client_for(world.owner).get("/").content.decode()
    assert "Your next meeting" in home and "Join the meeting" not in home
    Meeting.objects.filter(pk=later.pk).update(
        start=timezone.now() + dt.timedelta(minutes=8),
        end=timezone.now() + dt.timedelta(minutes=53),
    )
    home = client_for(world.owner).get("/").content.decode()
    assert "Join the meeting" in home and join_link(pair) in home
    workspace = client_for(world.owner).get(f"/relationships/{pair.pk}/sections/meetings/")
    assert "Join the meeting" in workspace.content.decode()
    assert (
        "Join the meeting"
        not in client_for(world.manager)
        .get(f"/relationships/{pair.pk}/sections/meetings/")
        .content.decode()
    )


@pytest.mark.parametrize("video", ["agreement", "jitsi"])
def test_the_invitation_email_carries_the_link(world: World, video: str) -> None:
    from kindred.meetings.messages import MeetingInvitation

    use_video(world, video)
    pair = fresh(started_pair(world))
    message = MeetingInvitation(relationship=pair.pk, meeting=0, start=timezone.now())
    text = message.render(world.owner).text
    link = join_link(pair)
    assert (f"Join it here: {link}" in text) == bool(link)
