"""A day of the demo, as its people and Kindred's own sweeps live it, leaves
logs that name no one: no e-mail address, no name of anyone in the
directory, in the lines Kindred's configured handler writes (JSON, as in
production)."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import timezone

from kindred.accounts.models import User
from kindred.demo.builder import DEMO_PASSWORD, build_demo
from kindred.demo.tour import SIGN_INS, addresses, pages
from kindred.lib.logs import JsonFormatter
from kindred.operations import scheduler

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_log() -> Iterator[io.StringIO]:
    """What Kindred's own console handler writes, as JSON lines."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert isinstance(handler, logging.StreamHandler)
    written, formatter = io.StringIO(), handler.formatter
    previous = handler.setStream(written)
    handler.setFormatter(JsonFormatter())
    try:
        yield written
    finally:
        handler.setStream(previous)
        handler.setFormatter(formatter)


def signed_in(role: str) -> Client:
    client = Client()
    response = client.post(
        "/accounts/sign-in/", {"username": SIGN_INS[role], "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, role
    return client


def live_a_day(anyone: Client) -> None:
    mentee_email = SIGN_INS["mentee"]
    forgetful = User.objects.exclude(email__in=SIGN_INS.values()).first()
    assert forgetful is not None
    for _ in range(6):  # a forgotten password, until locked out for a while
        anyone.post("/accounts/sign-in/", {"username": forgetful.email, "password": "not-it"})
    anyone.post("/accounts/password/reset/", {"email": mentee_email})
    anyone.get(f"/invite/{mentee_email}/")  # a person's address typed into a path
    anyone.get(f"/no/such/page/{mentee_email}/")
    clients = {role: signed_in(role) for role in SIGN_INS}
    for role, _, path in pages():
        (clients.get(role) or anyone).get(path)
    relationship = f"/relationships/{addresses()['pair']}/"
    mentee = clients["mentee"]
    mentee.post(f"{relationship}messages/", {"body": "Thank you for yesterday, Kenji!"})
    offered = mentee.get(f"{relationship}meetings/suggestions/").content.decode()
    slot, minutes = re.findall(r'name="(?:slot|minutes)" value="([^"]+)"', offered)[:2]
    proposed = mentee.post(f"{relationship}meetings/propose/", {"slot": slot, "minutes": minutes})
    assert proposed.status_code == 302
    clients["manager"].get("/programmes/remote-leaders-2026/participants/?q=Ananya")
    scheduler.tick("journey", timezone.now())  # every periodic job, e-mails and all


def test_a_day_of_the_demo_logs_no_address_or_name(production_log: io.StringIO) -> None:
    build_demo()
    live_a_day(Client())
    text = production_log.getvalue()
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) > 50  # it did log, as JSON
    refused = [line for line in lines if line["logger"] == "django.request"]
    assert refused and all(line["request_id"] for line in refused)  # traceable all the same
    for email, full_name in User.objects.values_list("email", "full_name"):
        assert email.lower() not in text.lower(), email
        for name in {n for n in [full_name, *full_name.split()] if len(n) > 3}:
            found = re.search(rf"\b{re.escape(name)}\b", text)
            assert found is None, (name, text[max(found.start() - 300, 0) : found.end() + 100])
