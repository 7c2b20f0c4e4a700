"""Series and meetings across every kind of daylight-saving change (issue 30,
points 2 and 3): a wall time in the skipped hour moves on by the gap, as
calendar clients expand the rule (RFC 5545, 3.3.5); a time in the repeated
hour is its first occurrence unless the instant says otherwise; every
meeting lasts its length in real time; and what Kindred stores is what two
independent parsers read from the invitation, occurrence by occurrence."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from kindred.conftest import World, started_pair
from kindred.engines.calendar.tests.parsers import agreed_cancellation, agreed_instants
from kindred.meetings import invitations, services
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship

UTC = dt.UTC

# (zone, first wall start, the wall start Kindred keeps for each of four
# weekly occurrences): a series whose second occurrence falls on a change.
CHANGES = [
    # Spring forward: 02:00 -> 03:00; 02:30 does not exist on 14 March.
    ("America/Los_Angeles", dt.datetime(2027, 3, 7, 2, 30), ["02:30", "03:30", "02:30", "02:30"]),
    # 01:00 -> 02:00 in London.
    ("Europe/London", dt.datetime(2027, 3, 21, 1, 30), ["01:30", "02:30", "01:30", "01:30"]),
    # A half-hour zone, Adelaide (+09:30 -> +10:30).
    ("Australia/Adelaide", dt.datetime(2026, 9, 27, 2, 30), ["02:30", "03:30", "02:30", "02:30"]),
    # Lord Howe moves by 30 minutes: 02:00 -> 02:30.
    ("Australia/Lord_Howe", dt.datetime(2026, 9, 27, 2, 15), ["02:15", "02:45", "02:15", "02:15"]),
    # Chatham, +12:45 -> +13:45, at 02:45.
    ("Pacific/Chatham", dt.datetime(2026, 9, 20, 3, 0), ["03:00", "04:00", "03:00", "03:00"]),
    # Fall back: 01:30 happens twice on 1 November; the series keeps the first.
    ("America/Los_Angeles", dt.datetime(2026, 10, 25, 1, 30), ["01:30"] * 4),
    # Lord Howe falls back 30 minutes: 01:30-02:00 happens twice on 4 April.
    ("Australia/Lord_Howe", dt.datetime(2027, 3, 28, 1, 45), ["01:45"] * 4),
    # No change at all, a 45-minute offset.
    ("Asia/Kathmandu", dt.datetime(2026, 10, 1, 2, 30), ["02:30"] * 4),
]


@pytest.fixture
def pair(world: World) -> Relationship:
    Programme.objects.filter(pk=world.programme.pk).update(default_cadence="weekly")
    return started_pair(world)


@pytest.mark.parametrize(("zone", "first", "kept"), CHANGES, ids=lambda v: str(v))
def test_a_weekly_series_across_a_change(
    world: World, pair: Relationship, zone: str, first: dt.datetime, kept: list[str]
) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    start = first.replace(tzinfo=tz).astimezone(UTC)
    series = services.series_create(
        actor=world.owner,
        relationship=pair,
        first_start=start,
        minutes=30,
        count=4,
        zone=zone,
        now=start - dt.timedelta(days=7),
    )
    occurrences = list(series.occurrences.order_by("start"))
    assert [m.start.astimezone(tz).strftime("%H:%M") for m in occurrences] == kept
    assert all(m.end - m.start == dt.timedelta(minutes=30) for m in occurrences)
    assert [m.start.astimezone(tz).date() - first.date() for m in occurrences] == [
        dt.timedelta(weeks=n) for n in range(4)
    ]
    shifted = [m for m, wall in zip(occurrences, kept, strict=True) if wall != kept[0]]
    assert all("(the clocks go forward)" in " ".join(m.warning_words) for m in shifted)
    carried = [m.start for m in occurrences if not m.needs_new_time]
    invitation = invitations.series_invitation(series, method="REQUEST", now=start)
    assert agreed_instants(invitation) == carried


@pytest.mark.parametrize(
    ("instant", "wall"),
    [
        (dt.datetime(2026, 11, 1, 8, 30, tzinfo=UTC), "01:30 PDT"),  # the first 01:30
        (dt.datetime(2026, 11, 1, 9, 30, tzinfo=UTC), "01:30 PST"),  # the second 01:30
        (dt.datetime(2026, 11, 1, 8, 45, tzinfo=UTC), "01:45 PDT"),  # ends in the second hour
    ],
)
def test_a_meeting_in_the_repeated_hour_is_one_instant_everywhere(
    world: World, pair: Relationship, instant: dt.datetime, wall: str
) -> None:
    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    meeting = services.meeting_propose(
        actor=world.owner,
        relationship=pair,
        start=instant,
        minutes=30,
        zone="America/Los_Angeles",
        now=instant - dt.timedelta(days=2),
    )
    assert meeting.start.astimezone(zone).strftime("%H:%M %Z") == wall
    assert meeting.end - meeting.start == dt.timedelta(minutes=30)
    invitation = invitations.invitation(meeting, method="REQUEST", now=instant)
    assert agreed_instants(invitation) == [instant]


def test_every_path_serves_a_cancelled_occurrence_the_same_way(
    world: World, pair: Relationship, smtp_server: object
) -> None:
    """The download of a cancelled occurrence of a series cancels that
    occurrence of the series, as the e-mailed CANCEL does (issue 30, point 4);
    the partner who moves a meeting does not become its organiser (point 5);
    the calendar part names its charset once (point 6)."""
    import email

    import icalendar

    from kindred.conftest import client_for
    from kindred.notifications.models import Notification
    from kindred.notifications.services import dispatch

    start = dt.datetime(2026, 6, 2, 9, tzinfo=UTC)
    now = start - dt.timedelta(days=3)
    series = services.series_create(
        actor=world.owner, relationship=pair, first_start=start, minutes=30, count=3,
        zone="Europe/London", now=now,
    )  # fmt: skip
    second = series.occurrences.order_by("start")[1]
    services.meeting_cancel(actor=world.partner, meeting=second, now=now)
    second.refresh_from_db()
    mailed = Notification.objects.filter(kind="meeting_cancel", recipient=world.owner).get()
    downloaded = client_for(world.owner).get(
        f"/relationships/{pair.pk}/meetings/{second.pk}/invite.ics"
    )
    for ics in (mailed.payload["ics"].encode(), downloaded.content):
        assert agreed_cancellation(ics) == (series.uid, second.start, 1)  # both parsers
    assert downloaded["Content-Type"].count("charset") == 1

    single = services.meeting_propose(
        actor=world.owner, relationship=pair, start=start + dt.timedelta(days=30), minutes=30,
        zone="Europe/London", now=now,
    )  # fmt: skip
    services.meeting_reschedule(
        actor=world.partner, meeting=single, start=start + dt.timedelta(days=31), minutes=30,
        now=now,
    )  # fmt: skip
    single.refresh_from_db()
    ics = invitations.invitation(single, method="REQUEST", now=now)
    organizer = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]["ORGANIZER"]
    assert str(organizer) == f"mailto:{world.owner.email}"
    dispatch(now=now + dt.timedelta(days=1))
    calendar_parts = [
        part
        for raw in smtp_server.messages  # type: ignore[attr-defined]
        for part in email.message_from_bytes(raw.as_bytes()).walk()
        if part.get_content_type() == "text/calendar"
    ]
    assert calendar_parts
    for part in calendar_parts:
        assert part["Content-Type"].lower().count("charset") == 1, part["Content-Type"]


def test_every_time_in_an_e_mail_names_its_zone(world: World, pair: Relationship) -> None:
    """Subjects, text and HTML of every meeting e-mail: a clock time always
    stands beside the recipient's zone (issue 30, point 14)."""
    import re

    from kindred.notifications.models import Notification

    start = dt.datetime(2026, 6, 2, 9, tzinfo=UTC)
    now = start - dt.timedelta(days=3)
    series = services.series_create(
        actor=world.owner, relationship=pair, first_start=start, minutes=30, count=3,
        zone="Europe/London", now=now,
    )  # fmt: skip
    occurrences = list(series.occurrences.order_by("start"))
    services.meeting_cancel(actor=world.partner, meeting=occurrences[1], now=now)
    services.meeting_reschedule(
        actor=world.partner, meeting=occurrences[2], start=occurrences[2].start
        + dt.timedelta(hours=1), minutes=30, now=now,
    )  # fmt: skip
    single = services.meeting_propose(
        actor=world.owner, relationship=pair, start=start + dt.timedelta(days=40), minutes=30,
        zone="Europe/London", now=now,
    )  # fmt: skip
    services.meeting_cancel(actor=world.owner, meeting=single, now=now)
    services.send_nudges(now=now + dt.timedelta(days=3))
    clock = re.compile(r"\b\d{1,2}:\d{2}\b")
    mails = Notification.objects.select_related("recipient")
    assert mails.count() >= 8
    for mail in mails:
        assert mail.recipient is not None
        for text in (mail.subject, mail.body, str(mail.payload.get("html", ""))):
            if clock.search(text):
                assert f"({mail.recipient.timezone})" in text, (mail.kind, text)
