"""The outcomes report and its CSV, for each kind of visitor: the
programme's managers and organisation admins only; anyone else learns
nothing, not even that the programme has one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kindred.conftest import World
from kindred.lib.tests.access import ACTORS, Case, Rows
from kindred.lib.tests.shared_rows import pair_setup
from kindred.outcomes.tests.organisation import build
from kindred.programs.models import Programme

MANAGERS = dict.fromkeys(ACTORS, 404) | {"manager": 200, "admin": 200}


def organisation(world: World, request: Any) -> Programme:
    world.programme.start_date = dt.date.today() - dt.timedelta(days=400)
    world.programme.save()
    build(world.programme, mentees=12, mentors=10, others=30)
    return world.programme


CASES = [
    # Any programme's manager (for theirs) and organisation admins (for all).
    Case("across programmes", "get", lambda p: "/outcomes/", MANAGERS | {"other_manager": 200}),
    Case("report", "get", lambda p: f"/programmes/{p.slug}/outcomes/", MANAGERS),
    Case("csv", "get", lambda p: f"/programmes/{p.slug}/outcomes.csv", MANAGERS),
    Case("pdf", "get", lambda p: f"/programmes/{p.slug}/outcomes.pdf", MANAGERS),
]

# One's own certificate: the pair have one; everyone else, managers
# included, learns nothing.
PAIR = dict.fromkeys(ACTORS, 404) | {"owner": 200, "partner": 200}
CERTIFICATE = [
    Case(
        "certificate", "get", lambda s: f"/programmes/{s.pair.programme.slug}/certificate.pdf", PAIR
    ),
]

ROWS = [Rows(organisation, CASES), Rows(pair_setup, CERTIFICATE)]
