"""Opening a page never writes (issue 20, finding 16: the suggested times
once wrote a row on GET). Each page of the relationship workspace, for both
people, runs no INSERT, UPDATE or DELETE; the only reads that write by
design are audited ones (a case opened, demographics read, an export)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kindred.conftest import World, client_for, started_pair
from kindred.meetings.models import Meeting

WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.mark.parametrize("who", ["owner", "partner"])
def test_the_workspace_pages_write_nothing(world: World, who: str) -> None:
    pair = started_pair(world)
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    meeting = Meeting.objects.create(
        relationship=pair, start=start, end=start + dt.timedelta(minutes=30), zone="UTC",
        proposed_by=world.owner,
    )  # fmt: skip
    client = client_for(world.actors()[who])
    client.get("/")  # the session's first request may store it
    base = f"/relationships/{pair.pk}"
    for url in (
        f"{base}/", f"{base}/meetings/suggestions/", f"{base}/messages/",
        f"{base}/meetings/{meeting.pk}/invite.ics", f"{base}/meetings/{meeting.pk}/notes/",
        f"{base}/projects/", f"{base}/similarities/", f"{base}/guide/", "/matches/",
        "/develop/practice/", "/profile/", "/",
    ):  # fmt: skip
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        written = [q["sql"][:120] for q in ctx.captured_queries if WRITES.match(q["sql"])]
        assert not written, f"{url} wrote: {written}"
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, HTTP_HX_REQUEST="true")
        assert not [q for q in ctx.captured_queries if WRITES.match(q["sql"])], url
