"""Office hours as people use them: a mentor publishes hours inside their
working hours and boundaries; people in the programme book one
conversation each, in their own zones, never more than a slot holds; the
booking becomes a meeting both calendars know; afterwards a check-in,
the host's reliability, and a relationship if both want one."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.db import connection, transaction
from ical.calendar_stream import IcsCalendarStream

from kindred.accounts.models import User
from kindred.conftest import World, at_once, client_for, enrol, give_intake, make_meeting, make_user
from kindred.lib.errors import Conflict, Forbidden, InvalidInput
from kindred.meetings.models import Meeting
from kindred.notifications.models import Notification
from kindred.officehours import selectors, services
from kindred.officehours.models import Booking, OfficeHours
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

UTC = dt.UTC


def offer_office_hours(programme: Programme) -> None:
    programme.offers_office_hours = True  # a manager's choice
    programme.save(update_fields=["offers_office_hours"])


def host_and_guests(world: World) -> tuple[User, list[User]]:
    """The partner (a mentor, in London) hosts; the owner (Kolkata) and the
    participant (New York) are mentees of the same programme."""
    offer_office_hours(world.programme)
    zones = {world.partner: "Europe/London", world.owner: "Asia/Kolkata",
             world.participant: "America/New_York"}  # fmt: skip
    for n, person in enumerate(zones):
        give_intake(person, seed=n)  # 08:00-18:00 on weekdays, then their own zone
        person.timezone = zones[person]
        person.save(update_fields=["timezone"])
    return world.partner, [world.owner, world.participant]


def publish(world: World, **extra: object) -> OfficeHours:
    host, _ = host_and_guests(world)
    terms = {"weekday": 2, "start": "14:00", "end": "16:00", "slot_minutes": 30} | extra
    return services.hours_publish(actor=host, programmes=[world.programme], **terms)  # type: ignore[arg-type]


def next_slot(hours: OfficeHours) -> selectors.OpenSlot:
    return selectors.open_slots(hours, now=dt.datetime.now(UTC))[0]


def test_hours_are_published_only_inside_working_hours_and_boundaries(world: World) -> None:
    host, (guest, _) = host_and_guests(world)
    with pytest.raises(InvalidInput, match="inside your working hours"):
        services.hours_publish(
            actor=host, programmes=[world.programme], weekday=2, start="17:30", end="19:00"
        )
    with pytest.raises(InvalidInput, match="inside your working hours"):
        services.hours_publish(
            actor=host, programmes=[world.programme], weekday=6, start="10:00", end="11:00"
        )
    host.profile.refresh_from_db()
    host.profile.boundary_blocks = [
        {"days": [2], "start": "15:00", "end": "16:00", "label": "School run", "hard": True}
    ]
    host.profile.save()
    with pytest.raises(InvalidInput, match="School run"):
        services.hours_publish(
            actor=host, programmes=[world.programme], weekday=2, start="14:00", end="16:00"
        )
    with pytest.raises(Forbidden):  # a mentee holds no office hours
        services.hours_publish(
            actor=guest, programmes=[world.programme], weekday=2, start="10:00", end="11:00"
        )
    assert not OfficeHours.objects.exists()


def test_open_slots_keep_the_hosts_wall_clock_across_a_clock_change(world: World) -> None:
    hours = publish(world, weekday=0)  # Mondays 14:00-16:00 in London
    # London moves its clocks on 28 March 2027: 14:00 is 14:00 UTC before, 13:00 UTC after.
    since = dt.datetime(2027, 3, 20, tzinfo=UTC)
    slots = selectors.occurrences(hours, since, since + dt.timedelta(days=14))
    starts = sorted({s.hour for s, _ in slots if s.minute == 0})
    starts_utc = [s for s, _ in slots]
    assert starts_utc[0] == dt.datetime(2027, 3, 22, 14, 0, tzinfo=UTC)
    assert starts_utc[-4] == dt.datetime(2027, 3, 29, 13, 0, tzinfo=UTC)
    assert starts == [13, 14, 15]
    london = zoneinfo.ZoneInfo("Europe/London")
    assert {s.astimezone(london).strftime("%H:%M") for s, _ in slots} == {
        "14:00", "14:30", "15:00", "15:30",
    }  # fmt: skip


def test_a_booking_is_a_meeting_both_calendars_know(world: World) -> None:
    hours = publish(world)
    host, guest = world.partner, world.owner
    slot = next_slot(hours)
    booking = services.booking_create(
        actor=guest, hours=hours, start=slot.start, topic="Preparing my first team review"
    )
    sent = Notification.objects.filter(kind="office_hours_booked")
    assert {n.recipient_id for n in sent} == {host.pk, guest.pk}
    for notification in sent:
        ics = notification.payload["ics"]
        event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
        assert event.decoded("dtstart").astimezone(UTC) == slot.start
        emails = sorted(str(a).removeprefix("mailto:") for a in event.get("attendee"))
        assert emails == sorted([host.email, guest.email])
        (other,) = IcsCalendarStream.calendar_from_ics(ics).events
        assert isinstance(other.dtstart, dt.datetime)
        assert other.dtstart.astimezone(UTC) == slot.start
    # The slot is gone for others; the guest's pair bookings see it too.
    assert next_slot(hours).start != slot.start
    assert booking.uid in Notification.objects.filter(recipient=host).first().payload["ics"]  # type: ignore[union-attr]


def test_the_guest_sees_their_own_date_across_the_date_line(world: World) -> None:
    host, (guest, _) = host_and_guests(world)
    host.timezone = "Pacific/Auckland"
    host.save(update_fields=["timezone"])
    guest.timezone = "Pacific/Honolulu"
    guest.save(update_fields=["timezone"])
    hours = services.hours_publish(
        actor=host, programmes=[world.programme], weekday=1, start="09:00", end="10:00"
    )
    slot = next_slot(hours)
    in_auckland = slot.start.astimezone(zoneinfo.ZoneInfo("Pacific/Auckland"))
    in_honolulu = slot.start.astimezone(zoneinfo.ZoneInfo("Pacific/Honolulu"))
    assert in_auckland.weekday() == 1 and in_auckland.hour == 9
    assert in_honolulu.weekday() == 0  # Monday afternoon in Honolulu: the day before
    services.booking_create(actor=guest, hours=hours, start=slot.start, topic="Hiring well")
    page = client_for(guest).get(f"/office-hours/bookings/{Booking.objects.get().pk}/")
    assert in_honolulu.strftime("%A").encode() in page.content


def test_a_slot_holds_no_more_than_its_places(world: World) -> None:
    hours = publish(world, capacity=2)
    extra = make_user("third@test.example", "Tia Third")
    give_intake(extra, seed=9)
    enrol(extra, world.programme, "mentee")
    slot = next_slot(hours)
    assert slot.places == 2
    for guest in (world.owner, world.participant):
        services.booking_create(actor=guest, hours=hours, start=slot.start, topic="Feedback")
    with pytest.raises(Conflict, match="no longer free"):
        services.booking_create(actor=extra, hours=hours, start=slot.start, topic="Feedback")


def test_a_time_the_host_is_busy_or_not_offered_cannot_be_booked(world: World) -> None:
    hours = publish(world)
    slot = next_slot(hours)
    pair = Relationship.objects.create(
        programme=world.other_programme, mentor=world.partner, mentee=world.outsider,
        source=Relationship.Source.MATCHING,
    )  # fmt: skip
    make_meeting(pair, slot.start, minutes=45, status=Meeting.Status.CONFIRMED)
    assert slot.start not in {
        s.start for s in selectors.open_slots(hours, now=dt.datetime.now(UTC))
    }
    with pytest.raises(Conflict):
        services.booking_create(
            actor=world.owner, hours=hours, start=slot.start, topic="Career steps"
        )
    with pytest.raises(Conflict):  # 14:10 is not one of the slots
        services.booking_create(
            actor=world.owner, hours=hours, start=slot.start + dt.timedelta(minutes=10),
            topic="Career steps",
        )  # fmt: skip
    with pytest.raises(Forbidden):  # not in the hours' programmes
        services.booking_create(
            actor=world.outsider, hours=hours, start=slot.start, topic="Career steps"
        )


def test_cancellations_and_no_shows_count_in_the_hosts_reliability(world: World) -> None:
    hours = publish(world)
    now = dt.datetime.now(UTC)
    slots = selectors.open_slots(hours, now=now)
    first = services.booking_create(
        actor=world.owner, hours=hours, start=slots[0].start, topic="Career steps"
    )
    second = services.booking_create(
        actor=world.participant, hours=hours, start=slots[1].start, topic="Career steps"
    )
    later = slots[0].start - dt.timedelta(hours=3)  # within a day of it: late
    services.booking_cancel(actor=world.partner, booking=first, now=later)
    after = second.start + dt.timedelta(hours=1)
    with pytest.raises(Forbidden):
        services.booking_record(actor=world.participant, booking=second, happened=True, now=after)
    services.booking_record(
        actor=world.partner, booking=second, happened=False, absent=world.partner.pk, now=after
    )
    figures = selectors.host_reliability(world.partner)
    assert (figures.due, figures.no_shows, figures.late_cancellations) == (1, 1, 1)
    assert Notification.objects.filter(kind="office_hours_cancel").count() == 2


def test_the_check_in_is_the_guests_alone(world: World) -> None:
    hours = publish(world)
    slot = next_slot(hours)
    booking = services.booking_create(
        actor=world.owner, hours=hours, start=slot.start, topic="Career steps"
    )
    after = slot.end + dt.timedelta(minutes=5)
    services.booking_record(actor=world.partner, booking=booking, happened=True, now=after)
    with pytest.raises(Forbidden):
        services.booking_checkin(actor=world.partner, booking=booking, useful=5, now=after)
    services.booking_checkin(
        actor=world.owner, booking=booking, useful=2, note="Felt rushed", now=after
    )
    host_page = client_for(world.partner).get(f"/office-hours/bookings/{booking.pk}/")
    assert b"Felt rushed" not in host_page.content
    guest_page = client_for(world.owner).get(f"/office-hours/bookings/{booking.pk}/")
    assert b"Felt rushed" in guest_page.content


def test_a_conversation_becomes_a_relationship_when_both_want_it(world: World) -> None:
    hours = publish(world)
    slot = next_slot(hours)
    booking = services.booking_create(
        actor=world.owner, hours=hours, start=slot.start, topic="Career steps"
    )
    with pytest.raises(Conflict):  # not before it has happened
        services.booking_continue(actor=world.owner, booking=booking)
    services.booking_record(
        actor=world.partner, booking=booking, happened=True, now=slot.end + dt.timedelta(hours=1)
    )
    services.booking_continue(actor=world.owner, booking=booking)
    assert not Relationship.objects.exists()
    booking = services.booking_continue(actor=world.partner, booking=booking)
    relationship = booking.relationship
    assert relationship is not None
    assert (relationship.mentor, relationship.mentee) == (world.partner, world.owner)
    assert relationship.source == Relationship.Source.BOOKING


def test_going_on_respects_the_mentors_capacity(world: World) -> None:
    hours = publish(world)
    slot = next_slot(hours)
    booking = services.booking_create(
        actor=world.owner, hours=hours, start=slot.start, topic="Career steps"
    )
    services.booking_record(
        actor=world.partner, booking=booking, happened=True, now=slot.end + dt.timedelta(hours=1)
    )
    world.programme.memberships.filter(user=world.partner).update(capacity=1)
    with transaction.atomic():
        relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.participant,
            source="matching",
        )  # fmt: skip
    services.booking_continue(actor=world.owner, booking=booking)
    with pytest.raises(Conflict, match="no room"):
        services.booking_continue(actor=world.partner, booking=booking)
    assert not Relationship.objects.filter(mentee=world.owner).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="simultaneous bookings need PostgreSQL"
)
def test_simultaneous_requests_for_the_last_place_book_it_once(settings, world: World) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    hours = publish(world, capacity=2)
    guests = [world.owner, world.participant]
    for n in range(4):
        guest = make_user(f"racer{n}@test.example", f"Racer {n}")
        give_intake(guest, seed=20 + n)
        enrol(guest, world.programme, "mentee")
        guests.append(guest)
    slot = next_slot(hours)

    def book(guest: User) -> Booking:
        return services.booking_create(actor=guest, hours=hours, start=slot.start, topic="Race")

    results = at_once(book, guests, expected=(Conflict,))
    booked = [r for r in results if isinstance(r, Booking)]
    assert len(booked) == 2
    assert Booking.objects.filter(start=slot.start, status=Booking.Status.BOOKED).count() == 2


def test_the_dashboard_shows_usefulness_only_over_five_guests(world: World) -> None:
    hours = publish(world, capacity=8)
    slot = next_slot(hours)
    guests = [world.owner, world.participant]
    for n in range(3):
        guest = make_user(f"guest{n}@test.example", f"Guest {n}")
        give_intake(guest, seed=30 + n)
        enrol(guest, world.programme, "mentee")
        guests.append(guest)
    after = slot.end + dt.timedelta(minutes=5)
    url = f"/programmes/{world.programme.slug}/dashboard/"
    for n, guest in enumerate(guests):
        booking = services.booking_create(
            actor=guest, hours=hours, start=slot.start, topic="Growth"
        )
        services.booking_record(actor=world.partner, booking=booking, happened=True, now=after)
        services.booking_checkin(actor=guest, booking=booking, useful=4, now=after)
        html = client_for(world.manager).get(url).content.decode()
        shown = "4.0 of 5" in html
        assert shown == (n == 4), n  # only with the fifth guest
    assert "5 held" in html


def test_the_office_hours_page_reads_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    publish(world)
    client = client_for(world.owner)
    assert client.get("/office-hours/").status_code == 200
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        client.get("/office-hours/")
    for n in range(4):  # four more mentors hold hours
        host = make_user(f"host{n}@test.example", f"Host {n}")
        enrol(host, world.programme, "mentor")
        give_intake(host, seed=50 + n)
        services.hours_publish(
            actor=host, programmes=[world.programme], weekday=1, start="10:00", end="11:00"
        )
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page = client.get("/office-hours/")
    assert page.content.count(b"Choose a time") == 5


def test_office_hours_are_a_programmes_choice(world: World) -> None:
    """Off by default; hours are published and booked only where the
    programme offers them, and switching them off stops new bookings."""
    world.programme.refresh_from_db()
    assert not world.programme.offers_office_hours
    host, (guest, _) = host_and_guests(world)
    Programme.objects.filter(pk=world.programme.pk).update(offers_office_hours=False)
    world.programme.refresh_from_db()
    with pytest.raises(InvalidInput, match="does not offer office hours"):
        services.hours_publish(
            actor=host, programmes=[world.programme], weekday=2, start="14:00", end="16:00"
        )
    page = client_for(guest).get("/office-hours/").content.decode()
    assert "None of your programmes offers office hours" in page
    assert "Publish these hours" not in client_for(host).get("/office-hours/").content.decode()
    # The manager switches them on in the programme's settings.
    form = client_for(world.manager).get(f"/programmes/{world.programme.slug}/edit/")
    assert "Office hours" in form.content.decode()
    offer_office_hours(world.programme)
    hours = services.hours_publish(
        actor=host, programmes=[world.programme], weekday=2, start="14:00", end="16:00"
    )
    slot = next_slot(hours)
    Programme.objects.filter(pk=world.programme.pk).update(offers_office_hours=False)
    with pytest.raises(Forbidden):
        services.booking_create(actor=guest, hours=hours, start=slot.start, topic="A question")
    assert not Booking.objects.exists()
