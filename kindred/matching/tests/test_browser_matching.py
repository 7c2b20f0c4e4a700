"""In Chromium: the admin runs matching on the demo programme that waits for
it, reviews and publishes it; a proposed mentee reads why and accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kindred.conftest import follow_menu, sign_in
from kindred.demo.builder import DEMO_PASSWORD, SECOND_SLUG, SIGN_INS, build_demo
from kindred.matching.models import MatchRun, Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_matches_the_demo_programme_and_a_mentee_accepts(
    browser, live_server, tmp_path: Path
) -> None:
    build_demo()
    base = live_server.url
    manager = browser.new_context(viewport={"width": 1280, "height": 900})
    page = manager.new_page()
    # The demo's second programme waits for matching; the admin runs it.
    sign_in(page, base, SIGN_INS["Organisation admin"], DEMO_PASSWORD)
    page.goto(f"{base}/programmes/{SECOND_SLUG}/")
    page.get_by_role("link", name="Matching").click()
    page.get_by_role("button", name="Run matching now").click()
    page.get_by_text("Best possible").wait_for(timeout=60_000)
    page.get_by_role("heading", name="Fairness", exact=True).wait_for()
    page.screenshot(path=str(tmp_path / "run.png"))
    run = MatchRun.objects.get(programme__slug=SECOND_SLUG)
    assert run.gap == 0 and run.proposals.count() >= 5
    page.get_by_role("button", name="Publish").click()
    dialog = page.get_by_role("dialog")
    assert "people will be e-mailed" in dialog.inner_text()
    dialog.get_by_role("button", name="Publish and e-mail").click()
    page.get_by_text("Published").first.wait_for()
    manager.close()

    proposal = Proposal.objects.filter(run=run).select_related("mentee").order_by("-score")[0]
    mentee = browser.new_context(viewport={"width": 390, "height": 844})
    page = mentee.new_page()
    sign_in(page, base, proposal.mentee.email, DEMO_PASSWORD)
    follow_menu(page, "My matches")
    page.get_by_role("heading", name="Why you were matched").wait_for()
    assert "shared working time a week" in page.content()
    page.get_by_role("button", name="Accept").click()
    page.get_by_text("We'll let you know when your partner answers").wait_for()
    mentee.close()
    proposal.refresh_from_db()
    assert proposal.mentee_decision == "accepted"
