"""Ids typed into a query or form are ASCII digits or nothing: no 500 on
"²", "¹" or another script's digits (issue 20, finding 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kindred.conftest import World, client_for
from kindred.lib.ids import parse_id
from kindred.meetings.models import Meeting
from kindred.projects.services import project_create
from kindred.projects.teams import pair_team
from kindred.relationships.services import relationship_start

UNICODE_DIGITS = ["²", "¹", "٣", "\uff11", "߁", "1²", "-1", " 1", "1" * 19, ""]


@pytest.mark.parametrize("raw", UNICODE_DIGITS)
def test_only_ascii_digits_make_an_id(raw: str) -> None:
    assert parse_id(raw) is None


def test_ids_read_as_numbers() -> None:
    assert (parse_id("0"), parse_id("42"), parse_id(7), parse_id("9" * 18)) == (
        0,
        42,
        7,
        10**18 - 1,
    )


@pytest.mark.parametrize("raw", UNICODE_DIGITS)
def test_pages_answer_unicode_digits_without_an_error(world: World, raw: str) -> None:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    meeting = Meeting.objects.create(
        relationship=pair, start=start, end=start + dt.timedelta(minutes=30), zone="UTC",
        status="held",
    )  # fmt: skip
    project = project_create(
        actor=world.owner, team=pair_team(pair), title="Guide", purpose="A guide for new starters"
    )
    owner = client_for(world.owner)
    notes = owner.get(f"/relationships/{pair.pk}/meetings/{meeting.pk}/notes/", {"note": raw})
    assert notes.status_code in (200, 404)
    done = owner.post(
        f"/relationships/{pair.pk}/projects/{project.pk}/act/",
        {"action": "milestone_done", "milestone": raw},
    )
    assert done.status_code < 500
    topics = owner.post("/intake/skills/", {"skills_sought": [raw]})
    assert topics.status_code < 500
