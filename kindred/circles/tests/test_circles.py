"""Circles as their people use them: the agreement everyone signs, group
meetings that respect everyone's hours and rotate the awkward one, the
invitation that names everyone, the conversation, leaving and ending."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from kindred.circles import selectors, services, times
from kindred.circles.models import Attendance, CircleMeeting, CircleMessage
from kindred.circles.tests.conftest import CircleWorld
from kindred.conftest import client_for, make_meeting
from kindred.lib.errors import Conflict, Forbidden, InvalidInput
from kindred.meetings import services as meetings
from kindred.meetings.models import Meeting
from kindred.notifications.models import Notification
from kindred.relationships.models import Relationship

UTC = dt.UTC
TERMS = {
    "cadence": "fortnightly",
    "session_minutes": 60,
    "channels": ["video"],
    "video_link": "https://meet.example.com/circle",
    "objectives": "Lead remote teams with confidence.",
}


def next_weekday(hour_utc: int, *, weekday: int = 1, weeks: int = 1) -> dt.datetime:
    """A Tuesday (by default) at `hour_utc`, a week or more from now."""
    today = dt.datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    ahead = (weekday - today.weekday()) % 7 + 7 * weeks
    return (today + dt.timedelta(days=ahead)).replace(hour=hour_utc)


def sign_all(cw: CircleWorld) -> None:
    agreement = services.agreement_save_draft(actor=cw.facilitator, circle=cw.circle, terms=TERMS)
    for person in [cw.facilitator, *cw.members]:
        services.agreement_sign(
            actor=person, circle=cw.circle, agreement_id=agreement.pk, off_limits=""
        )


# --- the agreement -------------------------------------------------------------------


def test_the_agreement_binds_only_when_everyone_has_signed(circle_world: CircleWorld) -> None:
    cw = circle_world
    agreement = services.agreement_save_draft(actor=cw.members[1], circle=cw.circle, terms=TERMS)
    assert agreement.signatures.count() == 5  # a line for everyone in the circle
    for person in [cw.facilitator, *cw.members[:-1]]:
        services.agreement_sign(
            actor=person, circle=cw.circle, agreement_id=agreement.pk, off_limits=""
        )
        assert selectors.agreement_in_force(cw.circle) is None
    services.agreement_sign(
        actor=cw.members[-1],
        circle=cw.circle,
        agreement_id=agreement.pk,
        off_limits="Quiet hours 21:00-07:00",
    )
    assert selectors.agreement_in_force(cw.circle) == agreement


def test_a_change_is_a_new_version_and_each_persons_hours_carry_over(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    first = services.agreement_save_draft(actor=cw.facilitator, circle=cw.circle, terms=TERMS)
    services.agreement_sign(
        actor=cw.members[0],
        circle=cw.circle,
        agreement_id=first.pk,
        off_limits="School run Mon-Fri 15:00-16:00",
    )
    second = services.agreement_save_draft(
        actor=cw.facilitator, circle=cw.circle, terms=TERMS | {"cadence": "weekly"}
    )
    assert second.version == 2
    carried = second.signatures.get(person=cw.members[0])
    assert carried.off_limits == "School run Mon-Fri 15:00-16:00"
    assert carried.signed_at is None  # everyone signs the new terms again
    with pytest.raises(Conflict):
        services.agreement_sign(
            actor=cw.members[1], circle=cw.circle, agreement_id=first.pk, off_limits=""
        )


def test_off_limits_hours_that_do_not_parse_are_refused_and_nothing_is_signed(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    agreement = services.agreement_save_draft(actor=cw.facilitator, circle=cw.circle, terms=TERMS)
    with pytest.raises(InvalidInput):
        services.agreement_sign(
            actor=cw.members[0],
            circle=cw.circle,
            agreement_id=agreement.pk,
            off_limits="whenever I feel like it",
        )
    assert not agreement.signatures.filter(signed_at__isnull=False).exists()


def test_someone_outside_the_circle_can_neither_draft_nor_sign(circle_world: CircleWorld) -> None:
    cw = circle_world
    with pytest.raises(Forbidden):
        services.agreement_save_draft(actor=cw.world.participant, circle=cw.circle, terms=TERMS)
    agreement = services.agreement_save_draft(actor=cw.facilitator, circle=cw.circle, terms=TERMS)
    for outsider in (cw.world.participant, cw.world.manager):
        with pytest.raises(Forbidden):
            services.agreement_sign(
                actor=outsider, circle=cw.circle, agreement_id=agreement.pk, off_limits=""
            )


# --- group meetings ---------------------------------------------------------------------


def test_one_invitation_names_every_attendee_and_reaches_each(circle_world: CircleWorld) -> None:
    cw = circle_world
    sign_all(cw)
    start = next_weekday(9)  # 09:00 London, 14:30 Kolkata, 10:00 Lagos, 04:00 New York
    meeting = services.meeting_arrange(
        actor=cw.facilitator, circle=cw.circle, start=start, minutes=60
    )
    sent = Notification.objects.filter(kind="circle_meeting_request")
    assert sorted(n.recipient_id or 0 for n in sent) == sorted(
        p.pk for p in [cw.facilitator, *cw.members]
    )
    everyone = sorted(p.email for p in [cw.facilitator, *cw.members])
    for notification in sent:
        ics = notification.payload["ics"].encode()
        event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
        attendees = event.get("attendee")
        assert sorted(str(a).removeprefix("mailto:") for a in attendees) == everyone
        assert event.decoded("dtstart").astimezone(UTC) == start
        (other,) = IcsCalendarStream.calendar_from_ics(ics.decode()).events
        assert isinstance(other.dtstart, dt.datetime)
        assert other.dtstart.astimezone(UTC) == start
        assert sorted(str(a.uri).removeprefix("mailto:") for a in other.attendees) == everyone
    assert meeting.uid.endswith("@kindred")


def test_a_time_outside_some_hours_is_allowed_and_says_who_is_stretched(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    start = next_weekday(13)  # 08:00 in New York, but 18:30 in Kolkata
    meeting = services.meeting_arrange(
        actor=cw.facilitator, circle=cw.circle, start=start, minutes=60
    )
    assert meeting.stretched == [cw.members[0].pk]
    early = services.meeting_arrange(
        actor=cw.facilitator, circle=cw.circle, start=next_weekday(9), minutes=60
    )
    assert early.stretched == [cw.members[1].pk]  # 04:00 in New York


def test_a_time_in_someones_signed_off_limits_hours_is_refused_naming_them(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    agreement = services.agreement_save_draft(actor=cw.facilitator, circle=cw.circle, terms=TERMS)
    for person in [cw.facilitator, *cw.members]:
        services.agreement_sign(
            actor=person,
            circle=cw.circle,
            agreement_id=agreement.pk,
            off_limits="Family dinner Mon-Sun 19:00-21:00" if person == cw.members[0] else "",
        )
    kolkata_evening = next_weekday(14)  # 19:30 in Kolkata
    with pytest.raises(InvalidInput, match="Family dinner for Olu Owner"):
        services.meeting_arrange(
            actor=cw.facilitator, circle=cw.circle, start=kolkata_evening, minutes=60
        )
    assert not CircleMeeting.objects.exists()


def test_a_pair_meeting_and_a_circle_meeting_never_overlap(circle_world: CircleWorld) -> None:
    cw = circle_world
    pair = Relationship.objects.create(
        programme=cw.world.other_programme,
        mentor=cw.facilitator,
        mentee=cw.world.outsider,
        source=Relationship.Source.MATCHING,
    )
    start = next_weekday(10)
    make_meeting(pair, start, minutes=60, status=Meeting.Status.CONFIRMED)
    with pytest.raises(Conflict, match="Pat Partner already has a meeting then"):
        services.meeting_arrange(actor=cw.members[0], circle=cw.circle, start=start, minutes=60)
    later = start + dt.timedelta(days=1)
    services.meeting_arrange(actor=cw.members[0], circle=cw.circle, start=later, minutes=60)
    with pytest.raises(Conflict):  # the pair's booking sees the circle meeting
        meetings.meeting_propose(
            actor=cw.facilitator,
            relationship=pair,
            start=later + dt.timedelta(minutes=30),
            minutes=45,
            zone="Europe/London",
        )


def test_suggestions_fit_everyone_or_name_who_is_stretched(circle_world: CircleWorld) -> None:
    cw = circle_world
    now = dt.datetime.now(UTC)
    people = selectors.people_of(cw.circle)
    slots = times.suggestions(cw.circle, now=now)
    assert slots, "five people in four zones can still meet, someone stretched"
    # London, Kolkata, New York and Lagos share no working hour: every time
    # stretches someone, and says whom.
    assert all(slot.stretched for slot in slots)
    for slot in slots:
        for n, person in enumerate(people):
            local = slot.start.astimezone(zoneinfo.ZoneInfo(person.timezone))
            inside = (
                local.weekday() < 5
                and local.hour >= 8
                and (local + dt.timedelta(minutes=60)) <= local.replace(hour=18, minute=0)
            )
            assert inside == (n not in slot.stretched), (person, local)


def test_the_awkward_hour_rotates_to_someone_else(circle_world: CircleWorld) -> None:
    cw = circle_world
    people = selectors.people_of(cw.circle)
    first = times.suggestions(cw.circle, now=dt.datetime.now(UTC), limit=1)[0]
    services.meeting_arrange(actor=cw.facilitator, circle=cw.circle, start=first.start, minutes=60)
    counts = selectors.awkward_counts(cw.circle, people)
    assert sorted(n for n, count in enumerate(counts) if count) == sorted(first.stretched)
    second = times.suggestions(cw.circle, now=dt.datetime.now(UTC), limit=1)[0]
    assert set(second.stretched) != set(first.stretched)


def test_answers_cancellation_and_who_came(circle_world: CircleWorld) -> None:
    cw = circle_world
    meeting = services.meeting_arrange(
        actor=cw.members[0], circle=cw.circle, start=next_weekday(10), minutes=60
    )
    services.meeting_answer(
        actor=cw.members[1], circle=cw.circle, meeting_id=meeting.pk, coming=False
    )
    answers = dict(meeting.attendance.values_list("person_id", "answer"))
    assert answers[cw.members[0].pk] == Attendance.Answer.ACCEPTED  # the organiser
    assert answers[cw.members[1].pk] == Attendance.Answer.DECLINED
    with pytest.raises(Forbidden):  # only the organiser or a facilitator cancels
        services.meeting_cancel(actor=cw.members[2], circle=cw.circle, meeting_id=meeting.pk)
    with pytest.raises(Conflict):  # not yet begun
        services.meeting_record(
            actor=cw.facilitator, circle=cw.circle, meeting_id=meeting.pk, attended=[]
        )
    services.meeting_cancel(actor=cw.facilitator, circle=cw.circle, meeting_id=meeting.pk)
    cancels = Notification.objects.filter(kind="circle_meeting_cancel")
    assert cancels.count() == 5
    assert all("METHOD:CANCEL" in c.payload["ics"] for c in cancels)


def test_the_facilitator_records_who_came(circle_world: CircleWorld) -> None:
    cw = circle_world
    start = dt.datetime.now(UTC) - dt.timedelta(hours=2)
    meeting = CircleMeeting.objects.create(
        circle=cw.circle, start=start, end=start + dt.timedelta(hours=1), zone="UTC"
    )
    for person in [cw.facilitator, *cw.members]:
        Attendance.objects.create(meeting=meeting, person=person)
    with pytest.raises(Forbidden):
        services.meeting_record(
            actor=cw.members[0], circle=cw.circle, meeting_id=meeting.pk, attended=[]
        )
    services.meeting_record(
        actor=cw.facilitator,
        circle=cw.circle,
        meeting_id=meeting.pk,
        attended=[cw.facilitator.pk, cw.members[0].pk],
    )
    meeting.refresh_from_db()
    assert meeting.status == CircleMeeting.Status.HELD
    came = set(meeting.attendance.filter(attended=True).values_list("person_id", flat=True))
    assert came == {cw.facilitator.pk, cw.members[0].pk}


# --- the conversation, leaving, ending ---------------------------------------------------


def test_a_message_reaches_the_others_and_only_the_circle_reads_it(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    services.message_post(actor=cw.members[0], circle=cw.circle, body="Hello, circle!")
    told = set(
        Notification.objects.filter(kind="message_circle").values_list("recipient_id", flat=True)
    )
    assert told == {p.pk for p in [cw.facilitator, *cw.members[1:]]}
    with pytest.raises(Forbidden):
        services.message_post(actor=cw.world.manager, circle=cw.circle, body="Hi")
    page = client_for(cw.members[2]).get(f"/circles/{cw.circle.pk}/")
    assert b"Hello, circle!" in page.content
    managers_page = client_for(cw.world.manager).get(f"/circles/{cw.circle.pk}/")
    assert managers_page.status_code == 200
    assert b"Hello, circle!" not in managers_page.content
    assert b"Olu Owner" in managers_page.content  # who is in it


def test_a_member_who_leaves_no_longer_sees_the_circle(circle_world: CircleWorld) -> None:
    cw = circle_world
    meeting = services.meeting_arrange(
        actor=cw.facilitator, circle=cw.circle, start=next_weekday(10), minutes=60
    )
    leaver = cw.members[3]
    services.circle_leave(actor=leaver, circle=cw.circle, reason="Moving teams")
    assert meeting.attendance.get(person=leaver).answer == Attendance.Answer.DECLINED
    assert client_for(leaver).get(f"/circles/{cw.circle.pk}/").status_code == 404
    with pytest.raises(Conflict):
        services.circle_leave(actor=cw.facilitator, circle=cw.circle)


def test_the_manager_ends_a_circle_and_its_meetings_to_come_are_cancelled(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    meeting = services.meeting_arrange(
        actor=cw.facilitator, circle=cw.circle, start=next_weekday(10), minutes=60
    )
    with pytest.raises(Forbidden):
        services.circle_end(actor=cw.facilitator, circle=cw.circle)
    services.circle_end(actor=cw.world.manager, circle=cw.circle)
    meeting.refresh_from_db()
    assert meeting.status == CircleMeeting.Status.CANCELLED
    with pytest.raises(Conflict):
        services.message_post(actor=cw.members[0], circle=cw.circle, body="Still here?")
    assert CircleMessage.objects.count() == 0


def test_the_managers_list_reads_a_fixed_number_of_queries(
    circle_world: CircleWorld, django_assert_max_num_queries: object
) -> None:
    from kindred.circles.services import circles_form
    from kindred.conftest import enrol, make_user

    cw = circle_world
    client = client_for(cw.world.manager)
    url = f"/circles/programme/{cw.world.programme.slug}/"
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get(url)
    for n in range(4):  # four more circles
        mentor = make_user(f"f{n}@test.example", f"Facilitator {n}")
        enrol(mentor, cw.world.programme, "mentor")
        member = make_user(f"m{n}@test.example", f"Member {n}")
        enrol(member, cw.world.programme, "mentee")
        circles_form(
            actor=cw.world.manager,
            programme=cw.world.programme,
            groups=[(mentor.pk, [member.pk])],
        )
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = client.get(url)
    assert page.content.count(b"/circles/") >= 5


def test_a_planned_series_follows_the_cadence_and_rotates_the_awkward_hour(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    sign_all(cw)  # fortnightly
    first = next_weekday(13)  # 08:00 in New York, 18:30 in Kolkata: awkward for Olu
    planned, missed = services.meetings_plan(
        actor=cw.facilitator, circle=cw.circle, first_start=first, minutes=60, count=4
    )
    assert missed == 0 and len(planned) == 4
    for earlier, later in itertools.pairwise(planned):
        gap = later.start - earlier.start
        assert dt.timedelta(days=11) <= gap <= dt.timedelta(days=17)  # about a fortnight
    awkward = [tuple(m.stretched) for m in planned]
    # The awkward hour does not fall on the same person every time.
    assert len(set(awkward)) > 1, awkward
    assert Notification.objects.filter(kind="circle_meeting_request").count() == 4 * 5
    with pytest.raises(InvalidInput):
        services.meetings_plan(
            actor=cw.facilitator, circle=cw.circle, first_start=first, minutes=60, count=40
        )


def test_a_co_facilitator_joins_and_signs_the_agreement_too(circle_world: CircleWorld) -> None:
    from kindred.conftest import enrol, make_user

    cw = circle_world
    sign_all(cw)
    assert selectors.agreement_in_force(cw.circle) is not None
    second = make_user("co@test.example", "Cleo Co", timezone="Europe/Berlin")
    enrol(second, cw.world.programme, "mentor")
    with pytest.raises(Forbidden):
        services.co_facilitator_add(actor=cw.facilitator, circle=cw.circle, person_id=second.pk)
    services.co_facilitator_add(actor=cw.world.manager, circle=cw.circle, person_id=second.pk)
    cw.circle.refresh_from_db()
    circle = selectors.circle_for_viewer(second, cw.circle.pk)
    assert selectors.is_facilitator(second, circle)
    # The terms bind once the new facilitator has signed them as well.
    assert selectors.agreement_in_force(circle) is None
    agreement = selectors.agreement_current(circle)
    assert agreement is not None
    services.agreement_sign(actor=second, circle=circle, agreement_id=agreement.pk, off_limits="")
    assert selectors.agreement_in_force(circle) == agreement
    third = make_user("third.f@test.example", "Theo Third")
    enrol(third, cw.world.programme, "mentor")
    with pytest.raises(Conflict, match="one or two facilitators"):
        services.co_facilitator_add(actor=cw.world.manager, circle=circle, person_id=third.pk)
    with pytest.raises(InvalidInput):  # a mentee does not facilitate
        services.co_facilitator_add(
            actor=cw.world.manager, circle=circle, person_id=cw.world.participant.pk
        )


def test_the_circles_guide_deepens_as_it_meets_and_avoids_everyones_off_limits_topics(
    circle_world: CircleWorld,
) -> None:
    from kindred.circles.guide import guide_for
    from kindred.guides.models import Question

    cw = circle_world
    first = guide_for(cw.circle)
    assert first.stage.number == 1 and first.questions
    assert all(q.level == 1 for q in first.questions)
    profile = cw.members[3].profile
    profile.refresh_from_db()
    profile.topics_off_limits = ["family"]
    profile.save()
    for days in range(1, 5):  # four meetings held: stage 3
        start = dt.datetime.now(UTC) - dt.timedelta(days=days * 14)
        CircleMeeting.objects.create(
            circle=cw.circle, start=start, end=start + dt.timedelta(hours=1), zone="UTC",
            status=CircleMeeting.Status.HELD,
        )  # fmt: skip
    later = guide_for(cw.circle)
    assert later.stage.number == 3 and later.held == 4
    assert max(q.level for q in later.questions) == 3
    family = {q.pk for q in Question.objects.all() if "family" in q.tags}
    assert family  # the bank has questions about family, kept out here
    assert not family & {q.pk for q in later.questions}
    manager_page = client_for(cw.world.manager).get(f"/circles/{cw.circle.pk}/").content
    assert b"Conversation guide for the circle" not in manager_page
    member_page = client_for(cw.members[0]).get(f"/circles/{cw.circle.pk}/").content
    assert b"Conversation guide for the circle" in member_page


def test_meeting_notes_are_shared_with_the_circle_and_no_one_else(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    meeting = services.meeting_arrange(
        actor=cw.facilitator, circle=cw.circle, start=next_weekday(10), minutes=60
    )
    url = f"/circles/{cw.circle.pk}/meetings/{meeting.pk}/notes/"
    answer = client_for(cw.members[0]).post(url, {"body": "**Try** a written stand-up"})
    assert answer.status_code == 302
    services.note_save(actor=cw.members[0], circle=cw.circle, meeting_id=meeting.pk,
                       body="Try a written stand-up, then report back")  # fmt: skip
    assert meeting.notes.count() == 1  # saving again replaces one's own
    page = client_for(cw.members[2]).get(url)
    assert b"written stand-up, then report back" in page.content
    for outsider in (cw.world.manager, cw.world.participant, cw.world.admin):
        assert client_for(outsider).get(url).status_code == 404
    with pytest.raises(InvalidInput):
        services.note_save(actor=cw.members[1], circle=cw.circle, meeting_id=meeting.pk, body=" ")


def test_commitments_are_made_and_settled_by_their_owners(circle_world: CircleWorld) -> None:
    from kindred.circles.health import follow_through
    from kindred.circles.models import CircleCommitment
    from kindred.lib.timezones import local_today

    cw = circle_world
    owner = cw.members[1]  # New York
    today = local_today(owner.timezone)
    late = services.commitment_add(
        actor=owner, circle=cw.circle, text="Write my how-I-work page", due_date=today
    )
    kept = services.commitment_add(
        actor=owner, circle=cw.circle, text="Try async stand-ups", due_date=today
    )
    with pytest.raises(InvalidInput):
        services.commitment_add(
            actor=owner, circle=cw.circle, text="Too late", due_date=today - dt.timedelta(days=1)
        )
    with pytest.raises(Forbidden):  # no one settles another's commitment
        services.commitment_settle(
            actor=cw.facilitator, circle=cw.circle, commitment_id=kept.pk, done=True
        )
    services.commitment_settle(actor=owner, circle=cw.circle, commitment_id=kept.pk, done=True)
    assert follow_through(cw.circle, dt.datetime.now(UTC)) == (1.0, 0)
    # Two days on, the other is overdue by its owner's own date.
    later = dt.datetime.now(UTC) + dt.timedelta(days=2)
    assert follow_through(cw.circle, later) == (1.0, 1)
    CircleCommitment.objects.filter(pk=late.pk).update(
        status="done", completed_at=later
    )  # done after its date
    assert follow_through(cw.circle, later) == (0.5, 0)
    page = client_for(cw.members[3]).get(f"/circles/{cw.circle.pk}/").content
    assert b"Write my how-I-work page" in page


def test_a_manager_who_is_also_a_member_sees_the_circle_as_a_member(
    circle_world: CircleWorld,
) -> None:
    """Roles overlap: the manager's rights do not hide the member's page, and
    the member's place gives no manager's right over their own circle."""
    cw = circle_world
    member = cw.members[1]
    cw.world.programme.managers.add(member)
    services.message_post(actor=cw.members[0], circle=cw.circle, body="Members only, please")
    page = client_for(member).get(f"/circles/{cw.circle.pk}/").content
    assert b"Members only, please" in page
    assert (
        client_for(member).get(f"/circles/programme/{cw.world.programme.slug}/").status_code == 200
    )
    assert client_for(member).get(f"/circles/{cw.circle.pk}/agreement/").status_code == 200
    # Managing another programme gives nothing here.
    cw.world.programme.managers.remove(member)
    cw.world.other_programme.managers.add(cw.world.participant)
    outsider = client_for(cw.world.participant).get(f"/circles/{cw.circle.pk}/")
    assert outsider.status_code == 404
