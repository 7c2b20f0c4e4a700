"""In Chromium, as new users: a manager creates a circles programme, runs
formation and forms the circle; its facilitator, on a phone, finds a time
that suits five people in four time zones and arranges it; every one of
them gets the same invitation."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from kindred.circles.models import Circle, CircleMeeting
from kindred.conftest import World, enrol, give_intake, make_user, sign_in, signed_in
from kindred.notifications.models import Notification
from kindred.programs.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = (  # (e-mail, name, zone, role): five people, four zones
    ("fran@test.example", "Fran Facilitator", "Europe/London", "mentor"),
    ("ola@test.example", "Ola Lagos", "Africa/Lagos", "mentee"),
    ("ken@test.example", "Ken Kolkata", "Asia/Kolkata", "mentee"),
    ("nora@test.example", "Nora New York", "America/New_York", "mentee"),
    ("lou@test.example", "Lou London", "Europe/London", "mentee"),
)


def test_a_manager_forms_a_circle_and_it_meets_across_four_zones(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    today = timezone.localdate()
    manager = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(manager, base, world.admin.email)
    manager.goto(f"{base}/programmes/new/")
    manager.fill("[name=name]", "Leads Circles")
    manager.get_by_label("Format").select_option("circles")
    manager.fill("[name=start_date]", f"{today - dt.timedelta(days=7):%Y-%m-%d}")
    manager.fill("[name=end_date]", f"{today + dt.timedelta(days=120):%Y-%m-%d}")
    manager.locator("[name=status]").select_option("running")
    manager.get_by_role("button", name="Save programme").click()
    manager.get_by_text("Created Leads Circles.").wait_for()
    programme = Programme.objects.get(name="Leads Circles")
    assert programme.is_circles
    for email, name, zone, role in PEOPLE:  # as an HR import would bring them
        person = make_user(email, name)
        give_intake(person, seed=len(email))
        person.timezone = zone
        person.save(update_fields=["timezone"])
        enrol(person, programme, role)

    manager.goto(f"{base}/programmes/{programme.slug}/")
    manager.get_by_role("link", name="Matching").click()
    manager.get_by_role("button", name="Run matching now").click()
    manager.get_by_role("heading", name="The circles").wait_for(timeout=60_000)
    manager.screenshot(path=str(shots / "circle-formation.png"), full_page=True)
    manager.get_by_role("button", name="Form 1 circle").click()
    dialog = manager.get_by_role("dialog")
    assert "5 people in them will be e-mailed" in dialog.inner_text()
    dialog.get_by_role("button", name="Form the circles").click()
    manager.get_by_text("Published").first.wait_for()
    circle = Circle.objects.get(programme=programme)
    assert circle.places.count() == 5

    facilitator = signed_in(browser, base, "fran@test.example", width=390)
    facilitator.get_by_role("link", name=circle.name).click()
    facilitator.get_by_role("heading", name="Who is in the circle").wait_for()
    facilitator.get_by_role("link", name="Find times that suit everyone").click()
    facilitator.get_by_role("heading", name="Suggested times").wait_for()
    facilitator.screenshot(path=str(shots / "circle-times-phone.png"), full_page=True)
    first = facilitator.locator("#suggestions form").first
    first.get_by_role("button", name="Arrange").click()
    facilitator.get_by_text("Everyone in the circle gets the invitation.").wait_for()
    meeting = CircleMeeting.objects.get(circle=circle)
    facilitator.get_by_text("Nora New York:").first.wait_for()  # each attendee's own time
    facilitator.screenshot(path=str(shots / "circle-phone.png"), full_page=True)

    invited = Notification.objects.filter(kind="circle_meeting_request")
    assert sorted(n.recipient.email for n in invited if n.recipient) == sorted(p[0] for p in PEOPLE)
    assert all(meeting.uid in n.payload["ics"] for n in invited)

    # A member in Kolkata starts the circle's project on a phone.
    member = signed_in(browser, base, "ken@test.example", width=390)
    member.get_by_role("link", name=circle.name).click()
    member.get_by_role("link", name="Start or open a project").click()
    member.get_by_role("textbox", name="Project:", exact=True).fill(
        "A playbook for five time zones"
    )
    member.get_by_label("What it is for").fill("What we learn, for the next circle")
    member.get_by_label("Writing").check()
    member.get_by_role("button", name="Start").click()
    member.get_by_text("Project started. Add its milestones next.").wait_for()
    member.get_by_role("link", name="A playbook for five time zones").click()
    member.get_by_role("textbox", name="Milestone:", exact=True).fill("Outline")
    member.get_by_label("Due:", exact=True).fill((today + dt.timedelta(days=14)).isoformat())
    member.get_by_label("Owner:", exact=True).select_option(label="Nora New York")
    member.locator("form:has(input[value=milestone])").get_by_role("button", name="Add").click()
    member.get_by_text("Milestone added.").wait_for()
    member.screenshot(path=str(shots / "circle-project-phone.png"), full_page=True)
    assert "Nora New York" in member.locator("#milestones-heading + ul").inner_text()
    for page in (manager, facilitator, member):
        page.context.close()
