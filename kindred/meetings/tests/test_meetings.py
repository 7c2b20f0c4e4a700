from __future__ import annotations

import datetime as dt
import email
import re
import zoneinfo

import icalendar
import pytest
from django.db import connection, transaction

from kindred.conftest import SmtpSink, World, at_once, client_for, enrol, give_intake, make_user
from kindred.engines.calendar.tests.parsers import agreed_instants
from kindred.lib.errors import Conflict, InvalidInput
from kindred.meetings import invitations, services, times
from kindred.meetings.models import Meeting
from kindred.notifications.services import dispatch
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

UTC = dt.UTC
NOW = dt.datetime(2026, 6, 1, 8, tzinfo=UTC)  # a Monday
TUESDAY_10 = dt.datetime(2026, 6, 2, 10, tzinfo=UTC)  # 10:00 in London (BST is 11:00)


@pytest.fixture
def pair(pair_with_intakes: Relationship) -> Relationship:
    return pair_with_intakes  # times and suggestions need both people's working hours


def propose(world: World, pair: Relationship, start: dt.datetime = TUESDAY_10, **extra) -> Meeting:
    return services.meeting_propose(
        actor=world.owner,
        relationship=pair,
        start=start,
        minutes=45,
        zone="Europe/London",
        now=NOW,
        **extra,
    )


def test_propose_confirm_and_calendar_invitations_over_smtp(
    world: World, pair: Relationship, smtp_server: SmtpSink
) -> None:
    meeting = propose(world, pair)
    services.meeting_confirm(actor=world.partner, meeting=meeting)
    assert dispatch(now=NOW)["sent"] == 2
    message = email.message_from_bytes(bytes(smtp_server.messages[0]))
    types = [part.get_content_type() for part in message.walk()]
    assert {"text/plain", "text/html", "text/calendar", "application/ics"} <= set(types)
    calendar_part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"
    payload = calendar_part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    event = icalendar.Calendar.from_ical(payload).walk("VEVENT")[0]
    assert (
        str(event["uid"]) == meeting.uid and event.decoded("dtstart").astimezone(UTC) == TUESDAY_10
    )
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"


def test_hard_boundaries_refuse_and_soft_ones_warn(world: World, pair: Relationship) -> None:
    from kindred.profiles.models import Profile

    Profile.objects.filter(user=world.partner).update(
        quiet_hours={"start": "21:00", "end": "07:00"},
        boundary_blocks=[
            {"label": "caregiving", "days": [1], "start": "11:00", "end": "12:00", "hard": False}
        ],
    )
    with pytest.raises(InvalidInput, match="quiet hours for Pat Partner"):
        propose(world, pair, start=dt.datetime(2026, 6, 2, 21, tzinfo=UTC))  # 22:00 BST
    warned = propose(world, pair)  # Tuesday 11:00 BST: the soft caregiving block
    assert warned.warning_words == ["caregiving for Pat Partner (flexible)"]


def test_no_double_booking_and_moving_a_meeting(world: World, pair: Relationship) -> None:
    meeting = propose(world, pair)
    with pytest.raises(Conflict):
        propose(world, pair, start=TUESDAY_10 + dt.timedelta(minutes=30))
    moved = services.meeting_reschedule(
        actor=world.partner,
        meeting=meeting,
        start=TUESDAY_10 + dt.timedelta(hours=2),
        minutes=60,
        now=NOW,
    )
    assert (moved.sequence, moved.status, moved.proposed_by) == (1, "proposed", world.partner)
    assert propose(world, pair, start=TUESDAY_10).pk != meeting.pk  # the old time is free again


def test_cancellation_late_flag_and_cancel_invitation(world: World, pair: Relationship) -> None:
    meeting = propose(world, pair)
    cancelled = services.meeting_cancel(
        actor=world.partner, meeting=meeting, reason="Ill", now=TUESDAY_10 - dt.timedelta(hours=3)
    )
    assert cancelled.late_cancellation and cancelled.sequence == 1
    ics = invitations.invitation(cancelled, method="CANCEL", now=NOW)
    event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event["status"] == "CANCELLED" and event["sequence"] == 1


def test_recording_what_happened(world: World, pair: Relationship) -> None:
    meeting = propose(world, pair)
    with pytest.raises(Conflict):
        services.meeting_record(actor=world.owner, meeting=meeting, held=True, now=NOW)
    done = services.meeting_record(
        actor=world.owner,
        meeting=meeting,
        held=False,
        absent=world.partner,
        now=TUESDAY_10 + dt.timedelta(hours=1),
    )
    assert (done.status, done.absent) == ("missed", world.partner)


def test_the_page_suggests_times_and_shows_both_local_times(
    world: World, pair: Relationship
) -> None:
    world.partner.timezone = "Asia/Kolkata"
    world.partner.save()
    page = (
        client_for(world.owner).get(f"/relationships/{pair.pk}/sections/meetings/").content.decode()
    )
    offer = f"/relationships/{pair.pk}/meetings/suggestions/"
    assert f'hx-get="{offer}"' in page and "Suggested times that suit you both" not in page
    times = client_for(world.owner).get(offer, headers={"HX-Request": "true"}).content.decode()
    assert "Suggested times that suit you both" in times and "(Pat Partner)" in times
    assert "<html" not in times  # HTMX gets the list alone
    first = re.search(r'name="slot" value="([^"]+)"', times)
    assert first is not None
    offered = dt.datetime.fromisoformat(first.group(1))
    assert offered.tzinfo is not None and offered > dt.datetime.now(UTC) + dt.timedelta(hours=24)
    without_js = client_for(world.owner).get(offer).content.decode()
    assert "<html" in without_js and first.group(0) in without_js
    assert client_for(world.owner).post(offer).status_code == 405  # it only reads
    winter = dt.date(dt.date.today().year + 1, 1, 8)
    winter += dt.timedelta(days=(1 - winter.weekday()) % 7)  # a Tuesday next January
    response = client_for(world.owner).post(
        f"/relationships/{pair.pk}/meetings/propose/",
        {"start": f"{winter}T10:00", "minutes": "45"},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().start == dt.datetime.combine(
        winter, dt.time(10), tzinfo=UTC
    )  # London in winter


@pytest.mark.parametrize("actor", ["participant", "outsider", "manager", "other_manager", "admin"])
def test_only_the_pair_arranges_meetings(world: World, pair: Relationship, actor: str) -> None:
    meeting = propose(world, pair)
    client = client_for(world.actors()[actor])
    for action in ("confirm", "cancel", "record"):
        response = client.post(f"/relationships/{pair.pk}/meetings/{meeting.pk}/{action}/")
        assert response.status_code in (403, 404)
        assert Meeting.objects.get().status == "proposed"
    download = client.get(f"/relationships/{pair.pk}/meetings/{meeting.pk}/invite.ics")
    assert download.status_code in (403, 404)
    proposed = client.post(
        f"/relationships/{pair.pk}/meetings/propose/", {"start": "2030-01-08T10:00"}
    )
    assert proposed.status_code in (302, 403, 404) and Meeting.objects.count() == 1
    assert (
        client_for(None)
        .get(f"/relationships/{pair.pk}/meetings/{meeting.pk}/invite.ics")
        .status_code
        == 302
    )


def test_the_pair_downloads_the_invitation(world: World, pair: Relationship) -> None:
    meeting = propose(world, pair)
    response = client_for(world.partner).get(
        f"/relationships/{pair.pk}/meetings/{meeting.pk}/invite.ics"
    )
    assert (
        response["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in response.content
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent proposals need PostgreSQL"
)
def test_simultaneous_proposals_never_double_book_a_person(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from kindred.conftest import make_programme

    programme = make_programme("race", "Race")
    mentor = make_user("mentor@race.example", "Mo Mentor")
    give_intake(mentor, seed=1)
    enrol(mentor, programme, "mentor", capacity=5)
    pairs = []
    for n in range(4):
        mentee = make_user(f"m{n}@race.example", f"Mentee {n}")
        give_intake(mentee, seed=n + 2)
        enrol(mentee, programme, "mentee")
        with transaction.atomic():
            pairs.append(
                relationship_start(
                    programme=programme, mentor=mentor, mentee=mentee, source="request"
                )
            )

    def book(relationship: Relationship) -> Meeting:
        return services.meeting_propose(
            actor=relationship.mentee,
            relationship=relationship,
            start=TUESDAY_10,
            minutes=45,
            zone="Europe/London",
            now=NOW,
        )

    results = at_once(book, pairs, expected=(Conflict,))
    outcomes = ["clash" if isinstance(r, Conflict) else "booked" for r in results]
    assert sorted(outcomes) == ["booked"] + ["clash"] * 3
    assert Meeting.objects.count() == 1


def test_nudges_once_per_gap(world: World, pair: Relationship) -> None:
    from kindred.meetings.services import send_nudges
    from kindred.notifications.models import Notification

    Relationship.objects.filter(pk=pair.pk).update(started_at=NOW - dt.timedelta(days=30))
    assert send_nudges(now=NOW) == {
        "cadence": 1,
        "unconfirmed": 0,
        "soon": 0,
    }  # fortnightly + 3 days grace passed
    send_nudges(now=NOW + dt.timedelta(hours=6))
    assert Notification.objects.filter(kind="nudge_cadence").count() == 2  # one each, not repeated
    meeting = propose(world, pair, start=NOW + dt.timedelta(days=5))
    later = NOW + dt.timedelta(hours=49)
    assert send_nudges(now=later) == {"cadence": 0, "unconfirmed": 1, "soon": 0}  # booked
    send_nudges(now=later + dt.timedelta(hours=1))
    waiting = Notification.objects.get(kind="nudge_unconfirmed")
    assert waiting.recipient == world.partner and meeting.proposed_by == world.owner


def test_a_reminder_with_the_join_link_goes_to_both_two_hours_before(
    world: World, pair: Relationship, smtp_server: SmtpSink
) -> None:
    """Once per time the meeting is set for, in each person's own zone, past
    quiet hours (it is about to start), never for a time not confirmed or a
    cancelled meeting, and not to someone who turned reminders off."""
    from kindred.meetings.services import send_nudges
    from kindred.notifications.models import Notification
    from kindred.programs.models import Programme

    Relationship.objects.filter(pk=pair.pk).update(started_at=NOW - dt.timedelta(days=3))
    Programme.objects.filter(pk=world.programme.pk).update(video="jitsi")  # a room per pair
    meeting = propose(world, pair)  # Tuesday 10:00 UTC
    before = TUESDAY_10 - dt.timedelta(minutes=100)
    assert send_nudges(now=before)["soon"] == 0  # proposed, not confirmed
    services.meeting_confirm(actor=world.partner, meeting=meeting)
    assert send_nudges(now=TUESDAY_10 - dt.timedelta(hours=3))["soon"] == 0  # not yet
    assert send_nudges(now=before)["soon"] == 1
    send_nudges(now=before + dt.timedelta(minutes=15))  # the next sweep adds nothing
    soon = list(Notification.objects.filter(kind="nudge_meeting_soon"))
    assert len(soon) == 2 and {n.recipient for n in soon} == {world.owner, world.partner}
    assert all(n.urgent and n.digest_key == "" for n in soon)
    assert dispatch(now=before)["sent"] >= 2
    mail = email.message_from_bytes(bytes(smtp_server.messages[-1]))
    text = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    payload = text.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode()
    assert "starts" in body and "11:00" in body  # London, in summer time
    assert "Join it here: https://meet.jit.si/kindred-" in body

    moved = services.meeting_reschedule(
        actor=world.owner, meeting=meeting, start=TUESDAY_10 + dt.timedelta(days=1), minutes=45,
        now=before,
    )  # fmt: skip
    services.meeting_confirm(actor=world.partner, meeting=moved)
    type(world.partner).objects.filter(pk=world.partner.pk).update(muted_emails=["reminders"])
    assert send_nudges(now=moved.start - dt.timedelta(minutes=90))["soon"] == 1
    again = Notification.objects.filter(kind="nudge_meeting_soon").exclude(
        pk__in=[n.pk for n in soon]
    )
    states = {n.recipient: n.state for n in again}
    assert states[world.partner] == Notification.State.WITHDRAWN  # turned off: kept, not sent
    assert states[world.owner] == Notification.State.PENDING
    services.meeting_cancel(actor=world.owner, meeting=moved, now=before)
    Notification.objects.filter(kind="nudge_meeting_soon").delete()
    assert send_nudges(now=moved.start - dt.timedelta(minutes=60))["soon"] == 0  # cancelled


def test_suggestions_keep_the_pairs_usual_time(world: World, pair: Relationship) -> None:
    meeting = propose(
        world, pair, start=dt.datetime(2026, 12, 8, 14, tzinfo=UTC)
    )  # a Tuesday 14:00
    services.meeting_confirm(actor=world.partner, meeting=meeting)
    slots = times.suggestions(pair, now=dt.datetime(2026, 12, 9, tzinfo=UTC), limit=6)
    tuesday = [s for s in slots if s.start.weekday() == 1]
    assert tuesday and tuesday[0].start.strftime("%H:%M") == "14:00"


def test_a_series_across_the_autumn_change_keeps_local_time_and_flags_a_clash(
    world: World, pair: Relationship
) -> None:
    from kindred.meetings.models import MeetingSeries

    autumn_now = dt.datetime(2026, 10, 12, 8, tzinfo=UTC)
    first = dt.datetime(2026, 10, 13, 9, tzinfo=UTC)  # Tuesday 10:00 BST
    # The programme meets every two weeks; something else is already booked on
    # the second of those Tuesdays, after the clocks change.
    services.meeting_propose(
        actor=world.owner,
        relationship=pair,
        start=dt.datetime(2026, 10, 27, 10, tzinfo=UTC),
        minutes=30,
        zone="Europe/London",
        now=autumn_now,
    )
    series = services.series_create(
        actor=world.owner,
        relationship=pair,
        first_start=first,
        minutes=45,
        count=4,
        zone="Europe/London",
        now=autumn_now,
    )
    occurrences = list(series.occurrences.order_by("start"))
    local = [
        m.start.astimezone(zoneinfo.ZoneInfo("Europe/London")).strftime("%a %H:%M")
        for m in occurrences
    ]
    assert local == ["Tue 10:00"] * 4  # 09:00 UTC in October, 10:00 UTC after the change
    assert [m.start.date().isoformat() for m in occurrences][:2] == ["2026-10-13", "2026-10-27"]
    assert [bool(m.needs_new_time) for m in occurrences] == [False, True, False, False]
    ics = invitations.series_invitation(series, method="REQUEST", now=autumn_now)
    instants = agreed_instants(ics)
    assert instants == [m.start for m in occurrences if not m.needs_new_time]
    # Confirming the series confirms what its rule carries; the clash waits for a new time.
    services.meeting_confirm(actor=world.partner, meeting=occurrences[0])
    assert [m.status for m in series.occurrences.order_by("start")] == [
        "confirmed",
        "proposed",
        "confirmed",
        "confirmed",
    ]
    # Cancelling one occurrence takes it out of the rule and raises the series' SEQUENCE.
    services.meeting_cancel(actor=world.owner, meeting=occurrences[2], now=autumn_now)
    series = MeetingSeries.objects.get(pk=series.pk)
    assert series.sequence == 1
    from kindred.notifications.models import Notification

    cancel = Notification.objects.filter(kind="meeting_cancel").first()
    assert cancel is not None and cancel.payload["method"] == "CANCEL"
    event = icalendar.Calendar.from_ical(cancel.payload["ics"]).walk("VEVENT")[0]
    assert str(event["uid"]) == series.uid and event["status"] == "CANCELLED"
    assert event.decoded("recurrence-id").astimezone(UTC) == occurrences[2].start
    assert (
        len(
            agreed_instants(invitations.series_invitation(series, method="REQUEST", now=autumn_now))
        )
        == 2
    )


def test_monthly_series_keeps_the_day_of_the_month() -> None:
    from kindred.meetings.recurrence import series_starts

    first = dt.datetime(2027, 1, 31, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Kolkata"))
    days = [s.date().isoformat() for s in series_starts(first, "monthly", 3)]
    assert days == ["2027-01-31", "2027-02-28", "2027-03-31"]


def test_a_meeting_invitation_reads_the_same_in_a_second_parser(
    world: World, pair: Relationship
) -> None:
    world.owner.timezone = "America/New_York"
    world.owner.save()
    meeting = services.meeting_propose(
        actor=world.owner,
        relationship=pair,
        start=dt.datetime(2026, 11, 3, 15, tzinfo=UTC),
        minutes=45,
        zone="America/New_York",
        now=NOW,
    )
    data = invitations.invitation(meeting, method="REQUEST", now=NOW)
    assert agreed_instants(data) == [meeting.start]


def test_recording_who_was_late_through_the_page(world: World, pair: Relationship) -> None:
    meeting = propose(world, pair, start=dt.datetime(2026, 6, 2, 10, tzinfo=UTC))
    Meeting.objects.filter(pk=meeting.pk).update(
        start=dt.datetime(2026, 1, 6, 10, tzinfo=UTC),
        end=dt.datetime(2026, 1, 6, 10, 45, tzinfo=UTC),
    )
    client_for(world.owner).post(
        f"/relationships/{pair.pk}/meetings/{meeting.pk}/record/",
        {"outcome": "held", "late": world.partner.pk},
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.late_arrival) == ("held", world.partner)
