"""Every health page for each kind of visitor: the dashboard, the at-risk
list and the CSV for the programme's managers and admins; the survey for
the pair only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kindred.conftest import World
from kindred.health.services import compute_health
from kindred.lib.tests.access import ACTORS, Case, Rows
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

MANAGERS = dict.fromkeys(ACTORS, 404) | {"manager": 200, "admin": 200}


PAIR_ONLY = dict.fromkeys(ACTORS, 404) | {"owner": 200, "partner": 200}


def pair(world: World, request: Any) -> Relationship:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    started = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    Relationship.objects.filter(pk=pair.pk).update(started_at=started)
    compute_health(world.programme)
    return pair


CASES = [
    Case("dashboard", "get", lambda p: f"/programmes/{p.programme.slug}/dashboard/", MANAGERS),
    Case("at-risk list", "get", lambda p: f"/programmes/{p.programme.slug}/at-risk/", MANAGERS),
    Case("csv", "get", lambda p: f"/programmes/{p.programme.slug}/relationships.csv", MANAGERS),
    Case("survey", "get", lambda p: f"/relationships/{p.pk}/survey/", PAIR_ONLY),
    Case(
        "answer the survey",
        "post",
        lambda p: f"/relationships/{p.pk}/survey/",
        PAIR_ONLY | {"owner": 302, "partner": 302},
        body=lambda p: {"t1": "5"},
    ),
]


ROWS = [Rows(pair, CASES)]
