"""In Chromium, with the keyboard alone: propose a meeting at a suggested
time, post a message, answer a survey, and publish a matching run; after
each step focus is where a keyboard or screen-reader user needs it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from kindred.conftest import World, give_intake, signed_in, started_pair
from kindred.matching import services as matching
from kindred.matching.models import MatchRun
from kindred.meetings.models import Meeting
from kindred.messaging.models import Message
from kindred.relationships.models import Relationship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const e = document.activeElement;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  return {tag: e.tagName, id: e.id, type: e.type || '', cls: e.className || '',
          text: (e.getAttribute('aria-label') || label || e.innerText || e.value || '').trim()};
}"""


def focused(page: Any) -> dict[str, str]:
    return page.evaluate(FOCUSED)


def wait_focus(page: Any, found: Any, what: str) -> dict[str, str]:
    """Wait (polling from here: the page's policy forbids evaluated strings)
    until the focused element satisfies `found`."""
    for _ in range(100):
        try:
            now = focused(page)
        except PlaywrightError:  # the page is still loading after a submit
            now = None
        if now is not None and found(now):
            return now
        page.wait_for_timeout(50)
    raise AssertionError(f"Focus never reached {what}: it is on {focused(page)}")


def on_messages(f: dict[str, str]) -> bool:
    return "messages" in f["cls"].split()


def watch_console(page: Any) -> list[str]:
    """Errors the page logs (a Content-Security-Policy refusal among them)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def tab_until(page: Any, found: Any, what: str, limit: int = 150) -> dict[str, str]:
    """Press Tab until the focused element satisfies `found`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if found(now):
            return now
    raise AssertionError(f"Tab never reached {what}")


def tab_to(page: Any, name: str) -> dict[str, str]:
    return tab_until(page, lambda f: f["text"].startswith(name), repr(name))


def test_a_mentee_proposes_writes_and_answers_by_keyboard(browser, live_server, world: World):
    pair = started_pair(world)
    Relationship.objects.filter(pk=pair.pk).update(
        started_at=timezone.now() - dt.timedelta(days=31)  # a pulse survey is due
    )
    base = live_server.url
    page = signed_in(browser, base, world.owner.email)
    errors = watch_console(page)

    # 1. Propose a meeting at a suggested time.
    page.goto(f"{base}/relationships/{pair.pk}/sections/meetings/")
    tab_to(page, "Suggest times that suit you both")
    page.keyboard.press("Enter")
    page.locator("#suggestions h3").wait_for()
    wait_focus(page, lambda f: f["text"] == "Suggested times that suit you both", "the times")
    tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Propose", "Propose")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/relationships/{pair.pk}/sections/meetings/")
    assert "Proposed" in wait_focus(page, on_messages, "what happened")["text"]
    assert Meeting.objects.filter(relationship=pair, status="proposed").count() == 1

    # 2. Post a message: sent in place, focus back in the message box.
    page.goto(f"{base}/relationships/{pair.pk}/messages/")
    tab_to(page, "Your message")
    page.keyboard.type("Looking forward to Tuesday.")
    tab_to(page, "Send")
    page.keyboard.press("Enter")
    page.get_by_text("Looking forward to Tuesday.").wait_for()
    wait_focus(page, lambda f: f["text"].startswith("Your message"), "the message box")
    page.get_by_text("Message sent.").wait_for(state="attached")  # the live region
    assert Message.objects.filter(relationship=pair).count() == 1

    # 3. Answer two statements of the survey and send it.
    page.goto(f"{base}/relationships/{pair.pk}/survey/")
    tab_until(page, lambda f: f["type"] == "radio", "the first statement")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the next statement's scale
    page.keyboard.press("Space")
    tab_to(page, "Send my answers")
    page.keyboard.press("Enter")
    assert "Thank you" in wait_focus(page, on_messages, "what happened")["text"]
    assert not [e for e in errors if "Content Security Policy" in e], errors  # HTMX swaps too
    page.context.close()


def test_a_manager_publishes_a_run_by_keyboard(browser, live_server, world: World) -> None:
    for n, person in enumerate([world.owner, world.partner, world.participant]):
        give_intake(person, seed=n)
    run = matching.run_start(actor=world.manager, programme=world.programme)
    run.refresh_from_db()  # its job ran when the start committed
    if not run.is_done:
        run = matching.run_execute(run.pk, today=dt.date.today())
    base = live_server.url
    page = signed_in(browser, base, world.manager.email)
    errors = watch_console(page)
    page.goto(f"{base}/matching/runs/{run.pk}/")
    page.get_by_label("Find a person").fill("o")  # the list swapped in place
    page.locator("#proposals").wait_for()
    tab_until(page, lambda f: f["text"].startswith("Publish "), "Publish")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert focused(page)["text"] == "Cancel"  # the safe answer has focus
    page.keyboard.press("Shift+Tab")
    assert focused(page)["text"].startswith("Publish and e-mail")
    page.keyboard.press("Enter")
    assert "Published" in wait_focus(page, on_messages, "what happened")["text"]
    assert MatchRun.objects.get(pk=run.pk).published_at is not None
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page.context.close()
