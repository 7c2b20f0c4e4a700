"""In Chromium at a phone's width, as a mentor would: connect a calendar
address, see its busy times counted, and subscribe to Kindred's meetings,
then fetch that address as a calendar app does."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import caldav
import pytest
import requests
from django.utils import timezone

from kindred.calendars.models import BusyInterval
from kindred.calendars.tests.servers import Feed, feed_server, radicale
from kindred.calendars.tests.test_ics import google
from kindred.conftest import World, make_meeting, signed_in, started_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentor_connects_a_calendar_and_subscribes_to_their_meetings(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    soon = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    with feed_server() as server:
        server.feeds["/private.ics"] = Feed(google([(soon, soon + dt.timedelta(hours=1))]))
        page = signed_in(browser, base, world.partner.email, width=390)
        page.goto(f"{base}/profile/")
        page.get_by_role("link", name="My calendars").click()
        page.get_by_label("Secret calendar address").fill(server.url("/private.ics"))
        page.get_by_role("button", name="Connect").first.click()
        page.get_by_text("1 busy time in the next four months").first.wait_for()
        assert BusyInterval.objects.filter(owner=world.partner).count() == 1
        page.screenshot(path=str(shots / "calendars-connected-phone.png"), full_page=True)

    page.get_by_role("link", name="subscribe to them").click()
    page.get_by_role("button", name="Make my address").click()
    address = page.locator("#feed-address").inner_text()
    page.screenshot(path=str(shots / "calendar-feed-phone.png"), full_page=True)
    answer = requests.get(address, timeout=10)
    assert answer.status_code == 200 and answer.text.startswith("BEGIN:VCALENDAR")


def test_a_mentee_connects_caldav_and_has_kindred_write_their_meetings(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    """The CalDAV form at a phone's width, writing ticked: the meeting
    already booked is in the person's calendar when the page comes back."""
    shots = Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    meeting = make_meeting(
        started_pair(world), timezone.now() + dt.timedelta(days=3), status="confirmed"
    )
    with radicale(tmp_path) as server:
        dav = caldav.DAVClient(server.url, username=server.username, password=server.password)
        dav.principal().make_calendar(name="Work")
        page = signed_in(browser, live_server.url, world.owner.email, width=390)
        page.goto(f"{live_server.url}/calendars/")
        form = page.locator("form", has=page.get_by_label("CalDAV address"))
        form.get_by_label("CalDAV address").fill(server.url)
        form.get_by_label("User name").fill(server.username)
        form.get_by_label("App password").fill(server.password)
        form.get_by_label("Put my Kindred meetings in this calendar").check()
        form.get_by_role("button", name="Connect").click()
        page.get_by_text("Your Kindred meetings are in it now.").wait_for()
        page.get_by_text("Your Kindred meetings are written into “Work”").wait_for()
        page.screenshot(path=str(shots / "calendars-caldav-writing-phone.png"), full_page=True)
        written = [e.icalendar_component["UID"] for e in dav.principal().calendars()[0].events()]
        assert written == [meeting.uid]


def test_a_person_moves_their_meetings_to_another_of_their_calendars(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    """An account with a work and a personal calendar: on the Change page,
    at a phone's width and a desktop's, "Put them in" moves the meetings."""
    from kindred.calendars.models import CalendarConnection
    from kindred.calendars.services import calendar_connect_caldav

    shots = Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    meeting = make_meeting(
        started_pair(world), timezone.now() + dt.timedelta(days=3), status="confirmed"
    )
    with radicale(tmp_path) as server:
        dav = caldav.DAVClient(server.url, username=server.username, password=server.password)
        for name in ("Work", "Personal"):
            dav.principal().make_calendar(name=name)
        connection = calendar_connect_caldav(
            actor=world.owner, name="Fastmail", url=server.url, username=server.username,
            password=server.password, write_meetings=True,
        )  # fmt: skip
        other = connection.calendars[1]
        for width in (1280, 390):
            page = signed_in(browser, live_server.url, world.owner.email, width=width)
            page.goto(f"{live_server.url}/calendars/{connection.pk}/")
            page.screenshot(path=str(shots / f"calendar-change-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_label("Put them in").select_option(label=other["name"])
        page.get_by_role("button", name="Save").click()
        page.get_by_text(f"Your Kindred meetings are written into “{other['name']}”").wait_for()
        (moved_to,) = [c for c in dav.principal().calendars() if c.name == other["name"]]
        assert [e.icalendar_component["UID"] for e in moved_to.events()] == [meeting.uid]
        assert CalendarConnection.objects.get().write_to == other["url"]
