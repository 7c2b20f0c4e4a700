"""Every e-mail has a text part and an HTML part with the same words and
links, readable without images and in semantic HTML; optional kinds carry
List-Unsubscribe pointing at the person's e-mail preferences, where they can
be turned off (issue 30, point 13)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from kindred.conftest import SmtpSink, World, client_for, text_of
from kindred.notifications.models import Notification
from kindred.notifications.services import dispatch, notify
from kindred.notifications.tests.plain import plain

NOW = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
KINDS = ["welcome", "password_reset", "proposal", "nudge_cadence", "commitment_due",
         "survey_invite", "message", "at_risk_digest", "meeting_request"]  # fmt: skip


class Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.links += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_of(message: object) -> str:
    for part in message.walk():  # type: ignore[attr-defined]
        if part.get_content_type() == "text/html":
            return str(part.get_payload(decode=True).decode())
    raise AssertionError("no HTML part")


@pytest.mark.parametrize("kind", KINDS)
def test_text_and_html_say_the_same_with_the_same_links(
    world: World, smtp_server: SmtpSink, kind: str
) -> None:
    body = (
        "Something about your mentoring & <b>you</b>.\n\nSee it: "
        "http://127.0.0.1:8000/relationships/7/ or https://kindred.example/x?a=1&b=2"
    )
    notify(recipient=world.owner, message=plain(kind, "News for you", body), key=kind,
           urgent=True, now=NOW)  # fmt: skip
    dispatch(now=NOW)
    (message,) = smtp_server.messages
    text, html = text_of(message), html_of(message)
    reader = Reader()
    reader.feed(html)
    assert {"html", "main", "h1", "p", "a"} <= reader.tags and "img" not in reader.tags
    assert 'lang="en-gb"' in html
    links_in_text = re.findall(r"https?://\S+", text)
    assert sorted(reader.links) == sorted(links_in_text)
    words = " ".join(" ".join(reader.text).split())
    assert " ".join(text.split()) in words  # the same words, the subject as heading
    assert "<b>you</b>" not in html  # people's text is escaped, not markup


def test_optional_kinds_say_how_to_turn_them_off(world: World, smtp_server: SmtpSink) -> None:
    for kind in ("nudge_cadence", "meeting_request", "password_reset", "survey_invite"):
        notify(recipient=world.owner, message=plain(kind, kind, "b"), key=kind, urgent=True,
               now=NOW)  # fmt: skip
    dispatch(now=NOW)
    unsubscribe = {m["Subject"]: m["List-Unsubscribe"] for m in smtp_server.messages}
    assert unsubscribe["nudge_cadence"] == "<http://127.0.0.1:8000/profile/email/>"
    assert unsubscribe["survey_invite"] == "<http://127.0.0.1:8000/profile/email/>"
    assert unsubscribe["meeting_request"] is None and unsubscribe["password_reset"] is None


def test_a_person_turns_optional_e_mail_off_and_essential_mail_still_comes(
    world: World, smtp_server: SmtpSink
) -> None:
    client = client_for(world.owner)
    page = client.get("/profile/email/").content.decode()
    assert "Reminders and nudges" in page and 'type="checkbox"' in page
    response = client.post("/profile/email/", {"wanted": ["messages", "surveys", "digests"]})
    assert response.status_code == 302
    world.owner.refresh_from_db()
    assert world.owner.muted_emails == ["reminders"]
    for kind in ("nudge_cadence", "commitment_overdue", "meeting_request", "message"):
        notify(recipient=world.owner, message=plain(kind, kind, "b"), key=kind, urgent=True,
               now=NOW)  # fmt: skip
    dispatch(now=NOW)
    assert sorted(m["Subject"] for m in smtp_server.messages) == ["meeting_request", "message"]
    kept = Notification.objects.get(kind="nudge_cadence")
    assert kept.state == Notification.State.WITHDRAWN
    refused = client.post("/profile/email/", {"wanted": ["everything"]})
    assert refused.status_code == 200
    world.owner.refresh_from_db()
    assert world.owner.muted_emails == ["reminders"]
