"""Who may reach each page and action of the trust and forming features:
the pair only; everyone else, programme managers included, is told the
thing does not exist. The relationship page shows managers figures only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kindred.commitments.services import commitment_add
from kindred.conftest import World, client_for, make_meeting
from kindred.messaging.services import message_send
from kindred.relationships.tests.access import UTC, Setup, rel
from kindred.relationships.tests.access import setup as _setup


@pytest.fixture
def setup(world: World, request: Any) -> Any:
    return _setup(world, request)


def test_the_relationship_page_shows_managers_figures_and_no_words(
    world: World, setup: Setup
) -> None:
    page = client_for(world.manager).get(f"{rel(setup)}/sections/commitments/").content.decode()
    assert "Follow-through" in page and "Unprompted" in page
    for private in ("Read the chapter on feedback", "A private word", "Secret thoughts"):
        assert private not in page
    mine = client_for(world.owner).get(f"{rel(setup)}/sections/commitments/").content.decode()
    assert "Read the chapter on feedback" in mine and "1 unread" not in mine
    theirs = client_for(world.partner).get(f"{rel(setup)}/").content.decode()
    assert "1 unread" in theirs


def test_the_relationship_page_reads_in_a_bounded_number_of_queries(
    world: World, setup: Setup
) -> None:
    client = client_for(world.owner)
    url = f"{rel(setup)}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(12):
        commitment_add(
            actor=world.owner,
            relationship=setup.pair,
            text=f"Step {n}",
            owner_id=(world.owner if n % 2 else world.partner).pk,
            due_date=dt.date.today() + dt.timedelta(days=n + 1),
        )
        message_send(actor=world.partner, relationship=setup.pair, body=f"Note {n}")
        start = dt.datetime(2026, 4, 1, 10, tzinfo=UTC) + dt.timedelta(weeks=n)
        make_meeting(
            setup.pair,
            start,
            zone="UTC",
            status="held",
            initiated_by=world.partner,
        )
    client.get(url)  # the additions invalidated the cached account and bell: read again once
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    # Its queries, once each: the session, the person, the relationship with
    # both profiles, the agreement, the meetings, commitments, moves,
    # messages (first movers and unread), check-ins, time off, projects,
    # health (three), 'runs programmes', the history; about twenty.
    assert len(few) <= 22, [q["sql"][:80] for q in few.captured_queries]
