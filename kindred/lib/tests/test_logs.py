"""One id follows a piece of work from the web request that started it to
the e-mail it sent, and every log line is structured and names no one."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from kindred.conftest import SmtpSink, World, client_for
from kindred.lib import logs
from kindred.notifications.models import Notification


def test_each_response_says_its_request_id(db: None) -> None:
    made = Client().get("/sign-in/")
    assert logs.SAFE_ID.match(made["X-Request-ID"])
    given = Client(headers={"X-Request-ID": "edge-1234abcd"}).get("/sign-in/")
    assert given["X-Request-ID"] == "edge-1234abcd"  # the proxy's id, kept
    forged = Client(headers={"X-Request-ID": "x\r\nSet-Cookie: a=b"}).get("/sign-in/")
    assert forged["X-Request-ID"] != "x\r\nSet-Cookie: a=b" and "\n" not in forged["X-Request-ID"]


def test_the_request_id_reaches_the_e_mail_it_caused(
    world: World, smtp_server: SmtpSink, django_capture_on_commit_callbacks, caplog
) -> None:
    caplog.set_level(logging.INFO, logger="kindred")
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task runs at once
        response = Client().post("/accounts/password/reset/", {"email": world.owner.email})
    assert response.status_code == 302
    request_id = response["X-Request-ID"]
    assert Notification.objects.get(recipient=world.owner).request_id == request_id
    sent = [m for m in smtp_server.messages if m["To"] == world.owner.email]
    assert sent and sent[0]["X-Kindred-Request-ID"] == request_id
    task = next(r for r in caplog.records if getattr(r, "event", "") == "task")
    assert task.request_id == request_id  # the task logged under the request's id


def test_a_write_logs_ids_and_outcome_never_names(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kindred")
    client = client_for(world.manager)
    client.post(
        f"/programmes/{world.programme.slug}/invitations/", {"role": "mentee", "days_valid": 30}
    )
    written = [r for r in caplog.records if getattr(r, "event", "") == "invitation_create"]
    fields = vars(written[0])
    assert fields["actor"] == world.manager.pk and fields["outcome"] == "done"
    assert fields["request_id"]  # the request's id, through the filter
    text = "\n".join(logs.JsonFormatter().format(r) for r in caplog.records)
    for person in (world.manager, world.owner):
        assert person.email not in text and person.full_name not in text


def test_a_refused_write_logs_the_refusal(world: World, caplog: pytest.LogCaptureFixture) -> None:
    from kindred.lib.errors import NotFound
    from kindred.programs.services import invitation_create

    caplog.set_level(logging.INFO, logger="kindred")
    with pytest.raises(NotFound):
        invitation_create(actor=world.outsider, programme=world.programme, role="mentee")
    refused = [r for r in caplog.records if getattr(r, "event", "") == "invitation_create"]
    assert vars(refused[0])["outcome"] == "NotFound"


def test_json_lines_carry_the_id_and_the_fields() -> None:
    record = logging.LogRecord("kindred", logging.INFO, "", 0, "task", (), None)
    record.request_id, record.task, record.seconds = "abc12345", "dispatch", 0.25
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["request_id"] == "abc12345" and line["task"] == "dispatch"
    assert line["message"] == "task" and line["level"] == "INFO"
