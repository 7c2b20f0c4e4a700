"""In Chromium: after a meeting, the mentee checks in privately, answers low,
and files a concern from there; the programme manager resolves the case with
an outcome; the mentor sees nothing of any of it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.db import transaction

from kindred.conftest import World, make_meeting, signed_in
from kindred.notifications.models import Notification
from kindred.relationships.services import relationship_start
from kindred.safety.models import ConcernReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WORDS = "My mentor kept asking about my family after I said it was off limits."


def test_a_concern_after_a_check_in_is_resolved_unseen_by_the_mentor(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    make_meeting(pair, start, zone="UTC",
        status="held",
    )  # fmt: skip
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    relationship = f"{base}/relationships/{pair.pk}/"
    mentor = signed_in(browser, base, world.partner.email, width=1280)
    mentor.goto(relationship)
    mentor_before = mentor.locator("main").inner_text()

    mentee = signed_in(browser, base, world.owner.email, width=390)
    mentee.goto(relationship)  # the pair's page opens on what to do now
    mentee.get_by_role("link", name="A private check-in about your last meeting").click()
    mentee.get_by_role("group", name="The level of personal sharing felt comfortable").get_by_label(
        "A little"
    ).check()
    mentee.get_by_role("group", name="I felt my boundaries were respected").get_by_label(
        "Not at all"
    ).check()
    mentee.get_by_role("button", name="Save my check-in").click()
    mentee.get_by_role("link", name="report a concern confidentially").click()
    mentee.get_by_label("Boundaries were not respected").check()
    mentee.get_by_label("What happened").fill(WORDS)
    mentee.get_by_role("button", name="Send to the programme team").click()
    mentee.get_by_role("heading", name="Your reports").wait_for()
    mentee.screenshot(path=str(shots / "reports-phone.png"), full_page=True)

    manager = signed_in(browser, base, world.manager.email, width=1280)
    manager.goto(f"{base}/programmes/{world.programme.slug}/")
    manager.get_by_role("link", name="Concern reports").click()
    manager.get_by_role("link", name="Boundaries were not respected").click()
    manager.get_by_text(WORDS).wait_for()
    manager.get_by_label("Status").select_option("resolved")
    manager.get_by_label("Outcome (when resolving)").select_option("guidance")
    manager.get_by_role("button", name="Save", exact=True).click()
    manager.get_by_text("Saved to the case.").wait_for()
    manager.screenshot(path=str(shots / "case-desk.png"), full_page=True)
    case = ConcernReport.objects.get()
    assert (case.status, case.outcome) == ("resolved", "guidance")

    mentor.goto(relationship)
    assert mentor.locator("main").inner_text() == mentor_before
    assert WORDS not in mentor.content()
    mentor.goto(f"{base}/cases/{case.pk}/")
    assert "not found" in mentor.content().lower()
    assert not Notification.objects.filter(recipient=world.partner).exists()
    for page in (mentor, mentee, manager):
        page.context.close()
