"""In Chromium on a phone: the mentor asks the relationship page for times
that suit both (HTMX puts them in place, under the content security
policy), proposes the first, and the mentee sees it to confirm."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from kindred.conftest import World, signed_in, started_pair
from kindred.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_asking_for_times_and_proposing_one(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    pair = started_pair(world)
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    page_url = f"{base}/relationships/{pair.pk}/"
    meetings_url = f"{page_url}sections/meetings/"

    mentor = signed_in(browser, base, world.partner.email, width=390)
    mentor.goto(page_url)
    mentor.locator(".tabs").get_by_role("link", name="Meetings").click()  # swapped in place
    mentor.locator("#meetings-heading").wait_for()
    assert mentor.url == meetings_url  # its own address, pushed to the history
    # Focus follows the swap to the section's heading (kindred.js).
    mentor.wait_for_function("document.activeElement.id === 'meetings-heading'")
    assert mentor.get_by_text("Suggested times that suit you both").count() == 0
    card = mentor.locator("section", has=mentor.get_by_role("heading", name="Meetings"))
    card.screenshot(path=str(shots / "meetings-card-phone.png"))
    mentor.get_by_role("link", name="Suggest times that suit you both").click()
    mentor.get_by_role("heading", name="Suggested times that suit you both").wait_for()
    assert mentor.url == meetings_url  # put in place, no page load
    mentor.locator("#suggestions").screenshot(path=str(shots / "suggestions-phone.png"))
    first = mentor.locator("#suggestions form").first
    offered = first.locator("input[name=slot]").get_attribute("value")
    first.get_by_role("button", name="Propose").click()
    mentor.get_by_text("Proposed. Your partner confirms").wait_for()

    meeting = Meeting.objects.get(relationship=pair)
    assert offered is not None and meeting.start == dt.datetime.fromisoformat(offered)
    mentee = signed_in(browser, base, world.owner.email, width=390)
    mentee.goto(page_url)  # opens on what to do now
    mentee.get_by_role("link", name="Confirm or move the meeting with Pat Partner").click()
    mentee.get_by_role("button", name="Confirm").wait_for()
    # Without JavaScript the link opens the times as a page of their own.
    mentee.goto(f"{page_url}meetings/suggestions/")
    mentee.get_by_role("heading", name="Times that suit you and Pat Partner").wait_for()
    mentee.screenshot(path=str(shots / "suggestions-page-phone.png"), full_page=True)
    for page in (mentor, mentee):
        page.context.close()
