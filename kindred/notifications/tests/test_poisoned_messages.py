"""One bad message never stops the others: text that becomes a header is
made one line where the notification is built, and a message that cannot
be sent for what it is fails alone, with its reason, while the run goes on
(issue 20, finding 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kindred.conftest import SmtpSink, World
from kindred.lib.errors import InvalidInput
from kindred.notifications import services
from kindred.notifications.models import Notification
from kindred.notifications.tests.plain import plain
from kindred.projects.services import project_create
from kindred.projects.teams import pair_team
from kindred.relationships.services import relationship_start

NOW = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)


def queue(world: World, n: int, **fields: object) -> Notification:
    row: dict[str, object] = {
        "recipient": world.partner,
        "kind": "update",
        "idempotency_key": f"poison-{n}",
        "subject": f"Update {n}",
        "body": f"Body {n}",
        "urgent": True,
        "earliest_send_at": NOW,
        "next_attempt_at": NOW,
    }
    return Notification.objects.create(**(row | fields))


def test_a_poisoned_message_among_many_fails_alone(world: World, smtp_server: SmtpSink) -> None:
    """A row queued before subjects were cleaned: its CR/LF makes Django
    refuse the header. The others go out, once each."""
    for n in range(6):
        queue(world, n)
    poisoned = queue(world, 99, subject="Project “Plan”\r\nBcc: everyone@example.com")
    for n in range(6, 12):
        queue(world, n)
    assert services.dispatch(now=NOW) == {"sent": 12, "retry": 0, "failed": 1}
    subjects = sorted(m["Subject"] for m in smtp_server.messages)
    assert subjects == sorted(f"Update {n}" for n in range(12))
    poisoned.refresh_from_db()
    assert poisoned.state == Notification.State.FAILED
    assert "BadHeaderError" in poisoned.last_error or "newline" in poisoned.last_error
    assert services.dispatch(now=NOW + dt.timedelta(hours=2))["sent"] == 0
    assert len(smtp_server.messages) == 12


def test_subjects_are_one_line_when_queued(world: World, smtp_server: SmtpSink) -> None:
    services.notify(
        recipient=world.partner,
        message=plain("update", "Feedback from Eve\r\nBcc: x@example.com\u202e", "b"),
        key="clean-1",
        urgent=True,
        now=NOW,
    )
    assert Notification.objects.get().subject == "Feedback from Eve Bcc: x@example.com"
    assert services.dispatch(now=NOW)["sent"] == 1
    assert smtp_server.messages[0]["Subject"] == "Feedback from Eve Bcc: x@example.com"
    assert smtp_server.messages[0]["Bcc"] is None


@pytest.mark.parametrize("bad", ["Plan\r\nBcc: x", "Plan\nB", "Plan\u202egpj.exe", "Plan\tB"])
def test_names_and_titles_refuse_control_characters(world: World, bad: str) -> None:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    with pytest.raises(InvalidInput) as caught:
        project_create(actor=world.owner, team=pair_team(pair), title=bad, purpose="A real purpose")
    assert caught.value.errors[0]["field"] == "title"
