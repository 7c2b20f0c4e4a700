"""In Chromium, as new users: a mentor offers an hour a week; a mentee on
a phone, in another time zone, finds it in the menu, books a conversation
with a topic, and both get the invitation."""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path

import pytest

from kindred.conftest import World, follow_menu, give_intake, signed_in
from kindred.notifications.models import Notification
from kindred.officehours.models import Booking
from kindred.officehours.tests.test_office_hours import offer_office_hours

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentor_offers_hours_and_a_mentee_books_one(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    offer_office_hours(world.programme)
    for n, (person, zone) in enumerate(
        ((world.partner, "Europe/London"), (world.owner, "Asia/Kolkata"))
    ):
        give_intake(person, seed=n)
        person.timezone = zone
        person.save(update_fields=["timezone"])

    mentor = signed_in(browser, base, world.partner.email)
    follow_menu(mentor, "Office hours")
    mentor.get_by_label("Alpha Programme").check()
    mentor.get_by_label("Every").select_option("2")  # Wednesdays
    mentor.get_by_label("From (your time, HH:MM)").fill("14:00")
    mentor.get_by_label("Until").fill("15:00")
    mentor.get_by_label("What you are glad to talk about").fill("Feedback, first reviews")
    mentor.get_by_role("button", name="Publish these hours").click()
    mentor.get_by_text("Published. People in those programmes can book you now.").wait_for()
    mentor.screenshot(path=str(shots / "office-hours-host.png"), full_page=True)

    mentee = signed_in(browser, base, world.owner.email, width=390)
    follow_menu(mentee, "Office hours")
    mentee.get_by_role("link", name="Choose a time with Pat Partner").click()
    second = mentee.locator("input[name=slot]").nth(1)
    offered = second.get_attribute("value")
    second.check()
    mentee.get_by_label("What would you like to talk about?").fill("Preparing my first team review")
    mentee.screenshot(path=str(shots / "office-hours-times-phone.png"), full_page=True)
    mentee.get_by_role("button", name="Book this conversation").click()
    mentee.get_by_text("Booked. You both get an invitation for your calendars.").wait_for()
    mentee.get_by_text("Topic: Preparing my first team review").wait_for()
    mentee.screenshot(path=str(shots / "office-hours-booking-phone.png"), full_page=True)

    booking = Booking.objects.get()
    assert offered is not None and booking.start.isoformat() == offered
    assert booking.start.astimezone(zoneinfo.ZoneInfo("Europe/London")).hour == 14
    invited = Notification.objects.filter(kind="office_hours_booked")
    assert {n.recipient_id for n in invited} == {world.partner.pk, world.owner.pk}
    for page in (mentor, mentee):
        page.context.close()
