"""In Chromium: a pair exchange messages (HTMX, no reloads), the mentor
notes a commitment for the mentee, the mentee completes it before any
reminder, and the ledger shows it as unprompted."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from kindred.commitments.models import Commitment
from kindred.conftest import World, signed_in, started_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_messages_a_commitment_and_unprompted_follow_through(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    pair = started_pair(world)
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    thread = f"{base}/relationships/{pair.pk}/messages/"

    mentee = signed_in(browser, base, world.owner.email, width=390)
    mentee.goto(thread)
    mentee.get_by_label("Your message").fill("Hello Pat! Looking forward to our first chat.")
    mentee.get_by_role("button", name="Send").click()
    mentee.get_by_text("Looking forward to our first chat.").wait_for()
    assert mentee.url == thread  # sent in place, no page load

    mentor = signed_in(browser, base, world.partner.email)
    mentor.goto(f"{base}/relationships/{pair.pk}/")
    mentor.locator(".tabs").get_by_text("1 unread").wait_for()
    mentor.get_by_role("link", name="1 unread message from Olu Owner").click()
    mentor.get_by_text("Looking forward to our first chat.").wait_for()
    mentor.get_by_label("Your message").fill("Welcome, Olu! Could you draft your goals first?")
    mentor.get_by_role("button", name="Send").click()
    mentee.get_by_text("Could you draft your goals first?").wait_for(timeout=20_000)  # polled
    mentee.screenshot(path=str(shots / "thread-phone.png"), full_page=True)

    mentor.goto(f"{base}/relationships/{pair.pk}/sections/commitments/")
    mentor.get_by_label("What will be done").fill("Draft three goals for the programme")
    mentor.get_by_label("Who").select_option(str(world.owner.pk))
    due = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    mentor.get_by_label("By").fill(due)
    mentor.get_by_role("button", name="Add", exact=True).click()
    mentor.get_by_text("Added to your commitments.").wait_for()

    mentee.goto(f"{base}/relationships/{pair.pk}/")
    mentee.get_by_role("link", name="Follow through: Draft three goals for the programme").click()
    mentee.get_by_role("button", name="Mark done").click()
    mentee.get_by_text("before any reminder").wait_for()
    row = mentee.get_by_role("row", name="Unprompted")
    assert row.get_by_role("cell").nth(1).inner_text().startswith("1")  # the mentee's column
    mentee.locator("#commitments").screenshot(path=str(shots / "ledger-phone.png"))
    for page in (mentee, mentor):  # stop the thread's polling before the server goes
        page.context.close()
    done = Commitment.objects.get()
    assert done.status == "done" and not done.prompted
