"""In Chromium at phone width, the demo mentor works through a module's
scenario and marks it done, takes the self-assessment, and reads their
practice page; the pages are checked for keyboard use and labels."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kindred.conftest import follow_menu, signed_in
from kindred.demo.builder import DEMO_PASSWORD, SIGN_INS, build_demo
from kindred.development.models import ModuleProgress, SelfAssessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentor_practises_on_a_phone(browser, live_server, tmp_path: Path) -> None:
    build_demo()
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    page = signed_in(browser, base, SIGN_INS["Mentor"], password=DEMO_PASSWORD, width=390)

    follow_menu(page, "Develop")
    page.get_by_role("link", name="3. Be intentional when forming the relationship").click()
    page.get_by_role("heading", name="Scenario").wait_for()
    assert "From Remote Leaders" not in page.content()  # its note is on Build trust
    # A first, weaker answer, by keyboard: the feedback swaps in without a reload.
    page.get_by_label("Recommend a leadership course").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="See the feedback").click()
    page.get_by_text("Worth thinking again").wait_for()
    page.get_by_label("Ask what she would love her work").check()
    page.get_by_role("button", name="Choose again").click()
    page.get_by_text("A strong choice").wait_for()
    page.screenshot(path=str(shots / "module-phone.png"), full_page=True)
    page.get_by_role("button", name="Mark this module done").click()
    page.get_by_text("is marked done").wait_for()
    assert ModuleProgress.objects.filter(
        person__email=SIGN_INS["Mentor"], module="forming", completed_at__isnull=False
    ).exists()

    page.goto(f"{base}/develop/self-assessment/")
    page.get_by_role("link", name="Take it again").click()
    for statement, rating in (
        ("Listening without planning my reply", "6 · Very"),
        ("Helping my mentee find their own answers", "5 · Fairly"),
    ):
        page.get_by_role("group", name=statement).get_by_label(rating).check()
    page.screenshot(path=str(shots / "self-assessment-form-phone.png"), full_page=False)
    page.get_by_role("button", name="Save my self-assessment").click()
    page.get_by_text("Only you can see your self-assessment").wait_for()
    # Kenji mentors one mentee: her ratings never reach him (fewer than five).
    page.get_by_text("five different mentees have rated you").wait_for()
    assert "Your view and your mentees' view" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "self-assessment-phone.png"), full_page=True)
    assert SelfAssessment.objects.filter(person__email=SIGN_INS["Mentor"]).count() == 2

    page.get_by_role("link", name="← Develop").click()
    page.get_by_role("link", name="Your practice feedback").click()
    # The demo mentor is also a senior mentee in the reverse programme: the
    # page gives each side its own feedback.
    page.locator("#mentor-trust").wait_for()
    assert page.get_by_role("heading", name="As a mentee").count() == 1
    as_mentor = page.locator('section[aria-labelledby^="mentor-"]')
    assert as_mentor.get_by_text("Next step:").count() == 5
    page.get_by_text("What this means").first.click()
    page.get_by_text("Who first suggested each meeting").first.wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the practice page scrolls sideways on a phone"
    page.screenshot(path=str(shots / "practice-phone.png"), full_page=True)
    page.context.close()
