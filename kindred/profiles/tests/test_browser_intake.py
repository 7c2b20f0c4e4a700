"""A new mentee's first ten minutes, in Debian's Chromium at phone size:
follow the invitation, sign up, complete the intake, see the Big Five."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kindred.notifications.models import Notification
from kindred.profiles.instruments import WORK_VALUE_KEYS
from kindred.profiles.models import Profile, Topic
from kindred.profiles.vocabulary import ensure_shared_vocabulary
from kindred.programs.models import Invitation, Programme, ProgrammeStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def invitation(db: None) -> Invitation:
    ensure_shared_vocabulary(Topic)  # an earlier transactional test may have flushed it
    programme = Programme.objects.create(
        slug="remote-leaders",
        name="Remote Leaders",
        start_date="2026-01-01",
        end_date="2026-12-31",
        status=ProgrammeStatus.ENROLLING,
    )
    return Invitation.objects.create(programme=programme, role="mentee")


def assert_fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px phone"


def test_new_mentee_signs_up_and_completes_the_intake_on_a_phone(
    browser, live_server, invitation: Invitation, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=PHONE, timezone_id="Asia/Kolkata", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/invite/{invitation.token}/")
    page.get_by_label("Work e-mail").fill("nia@test.example")
    page.get_by_role("button", name="E-mail me a link").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    assert_fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "invitation-sent-phone.png"), full_page=True)
    body = Notification.objects.get(address="nia@test.example").body
    link = re.search(r"https?://[^/\s]+(/invite/\S+/confirm/\S+/)", body)
    assert link is not None, body
    page.goto(live_server.url + link[1])
    page.get_by_label("Full name").fill("Nia Ndlovu")
    page.get_by_label("Password").fill("a-good-long-passphrase")
    page.get_by_role("button", name="Create account and join").click()

    page.wait_for_url("**/intake/values/")
    assert_fits_the_phone(page)
    for n, key in enumerate(WORK_VALUE_KEYS):
        page.check(f"input[name='{key}'][value='{n % 6 + 1}']")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/intake/personality/")
    for item, answer in enumerate([6, 2, 7, 3, 5, 2, 6, 1, 5, 3], start=1):
        page.check(f"input[name='item_{item}'][value='{answer}']")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/intake/calling/")
    page.get_by_label("Your professional calling").fill("I want remote teams to feel like home.")
    page.get_by_label("Your career dreams").fill("Lead a distributed design team.")
    page.get_by_label("Presenting").first.check()
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/intake/logistics/")
    # The time zone comes from the browser.
    assert page.get_by_label("Your time zone").input_value() == "Asia/Kolkata"
    # Languages are found by typing, then ticked; the search keeps ticked ones.
    page.get_by_label("Find a language").fill("engl")
    assert page.locator(".picker-option:visible").count() == 1
    page.get_by_label("English", exact=True).check()
    page.get_by_label("Find a language").fill("zul")
    page.get_by_label("Zulu", exact=True).check()
    assert page.get_by_label("English", exact=True).is_visible()  # ticked: still shown
    page.locator("input[name='day_0']").fill("09:00-12:00, 14:00-17:00")
    page.locator("input[name='day_2']").fill("10:00-13:00")
    # The week grid shows what was typed, and marks half-hours by keyboard.
    grid = page.get_by_role("grid", name="Weekly times you can meet, by half-hour")
    assert grid.locator("tr").nth(1).locator("td[aria-selected=true]").count() == 12  # Monday
    grid.locator("td[tabindex='0']").focus()  # one tab stop: 06:00 on Monday
    for key in [
        "ArrowDown",
        "ArrowDown",
        "ArrowDown",
        *["ArrowRight"] * 6,
        "Space",
        "ArrowRight",
        "Space",
    ]:
        page.keyboard.press(key)  # Thursday 09:00 and 09:30
    assert page.locator("input[name='day_3']").input_value() == "09:00-10:00"
    page.get_by_label("First choice (live)").select_option("video")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/intake/boundaries/")
    assert_fits_the_phone(page)
    page.get_by_label("Quiet hours start").fill("21:30")
    page.get_by_label("Quiet hours end").fill("07:00")
    page.locator("select[name='blocks-0-label']").select_option("caregiving")
    page.locator("input[name='blocks-0-days'][value='0']").check()
    page.locator("input[name='blocks-0-start']").fill("23:00")
    page.locator("input[name='blocks-0-end']").fill("01:00")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/intake/done/")  # the last required step: what happens next
    page.get_by_role("heading", name="What happens next").wait_for()
    assert_fits_the_phone(page)
    page.get_by_role("link", name="About you (optional)").click()
    page.wait_for_url("**/intake/demographics/")
    page.get_by_role("button", name="Save and continue").click()  # every answer optional

    page.wait_for_url("**/intake/done/")
    page.goto(f"{live_server.url}/profile/")
    assert page.get_by_role("heading", name="Openness to experience: 5.0").is_visible()
    assert page.locator("meter").count() == 5
    assert "Intake complete" in page.content()
    assert_fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "profile-phone.png"), full_page=True)

    profile = Profile.objects.get(user__email="nia@test.example")
    assert profile.intake_complete
    assert profile.conscientiousness == 7.0
    assert profile.boundary_blocks[0]["end"] == "01:00"
    assert profile.user.timezone == "Asia/Kolkata"
    context.close()


def test_keyboard_users_can_skip_to_content_and_see_focus(browser, live_server, db: None) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/password/reset/sent/")  # no autofocus field here
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_have_css("outline-style", "solid")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/accounts/password/reset/sent/#main")
    page.close()
