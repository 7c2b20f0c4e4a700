"""Every matching view and endpoint, asked by every kind of person. Runs,
the audit and all proposals are the programme managers'; a participant sees
only their own proposal; strangers see nothing, not even that it exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kindred.conftest import World, give_intake
from kindred.lib.tests.access import ACTORS, MANAGER_ONLY, SIGNED_IN, Case, Rows
from kindred.lib.tests.shared_rows import MANAGERS_ACT, NOBODY_ELSE, pair_setup
from kindred.matching import services
from kindred.matching.models import MatchRun, Proposal
from kindred.matching.tests.conftest import finished_run

MANAGERS = {
    "owner": 404,
    "partner": 404,
    "participant": 404,
    "outsider": 404,
    "manager": 200,
    "other_manager": 404,
    "admin": 200,
}


MANAGE_PAGE = MANAGERS | {"owner": 403, "partner": 403, "participant": 403}


PAIR_ONLY = {a: 404 for a in ACTORS if a != "anonymous"} | {"owner": 200, "partner": 200}


MENTEES_OF_ALPHA = {
    "owner": 200,
    "partner": 403,
    "participant": 200,
    "outsider": 404,
    "manager": 403,
    "other_manager": 404,
    "admin": 403,
}


@dataclass
class Setup:
    run: MatchRun
    proposal: Proposal  # the owner (mentee) with the partner (mentor), published


def setup(world: World, request: Any) -> Setup:
    for n, user in enumerate([world.owner, world.partner, world.participant]):
        give_intake(user, seed=n)
    run = finished_run(world)
    services.run_publish(actor=world.manager, run=run)
    return Setup(run, run.proposals.get(mentee=world.owner))


WEB = [
    Case("manage", "get", lambda s: "/programmes/alpha/matching/", MANAGE_PAGE),
    Case("run page", "get", lambda s: f"/matching/runs/{s.run.pk}/", MANAGERS),
    Case("run status", "get", lambda s: f"/matching/runs/{s.run.pk}/status/", MANAGERS),
    Case("my matches", "get", lambda s: "/matches/", SIGNED_IN),
    Case("suggestions", "get", lambda s: "/programmes/alpha/suggestions/", MENTEES_OF_ALPHA),
    Case(
        "decide",
        "post",
        lambda s: f"/matches/proposals/{s.proposal.pk}/decide/",
        PAIR_ONLY | {"owner": 302, "partner": 302},
        body=lambda s: {"decision": "accept"},
    ),
]


API = [
    Case("runs", "get", lambda s: "/api/v1/programmes/alpha/match-runs", MANAGE_PAGE, api=True),
    Case("run", "get", lambda s: f"/api/v1/match-runs/{s.run.pk}", MANAGERS, api=True),
    Case("my proposals", "get", lambda s: "/api/v1/me/proposals", SIGNED_IN, api=True),
    Case(
        "decision",
        "post",
        lambda s: f"/api/v1/proposals/{s.proposal.pk}/decision",
        PAIR_ONLY,
        api=True,
        body=lambda s: {"accept": True},
        json=True,
    ),
    Case(
        "suggestions",
        "get",
        lambda s: "/api/v1/programmes/alpha/suggestions",
        MENTEES_OF_ALPHA,
        api=True,
    ),
]


PAIR_ROWS = [
    Case(
        "start a run",
        "post",
        lambda s: "/programmes/alpha/matching/start/",
        MANAGER_ONLY | {"manager": 302, "admin": 302},
    ),
    Case("rerun", "post", lambda s: f"/matching/runs/{s.run.pk}/rerun/", MANAGERS_ACT),
    Case("publish a run", "post", lambda s: f"/matching/runs/{s.run.pk}/publish/", MANAGERS_ACT),
    Case("pin", "post", lambda s: f"/matching/proposals/{s.proposal.pk}/pin/", MANAGERS_ACT),
    Case("remove", "post", lambda s: f"/matching/proposals/{s.proposal.pk}/remove/", MANAGERS_ACT),
    Case(
        "mentor directory",
        "get",
        lambda s: "/programmes/alpha/mentors/?q=a",
        NOBODY_ELSE | dict.fromkeys(("owner", "partner", "participant", "manager", "admin"), 200),
    ),
    Case(
        "swap: find the other pair",
        "get",
        lambda s: f"/matching/proposals/{s.proposal.pk}/swap/?q=a",
        NOBODY_ELSE | {"manager": 200, "admin": 200},
    ),
    # No other pair chosen: managers reach it and are told what is missing.
    Case(
        "swap",
        "post",
        lambda s: f"/matching/proposals/{s.proposal.pk}/swap/",
        NOBODY_ELSE | {"manager": 422, "admin": 422},
    ),
    Case(
        "answer a request",
        "post",
        lambda s: f"/matches/requests/{s.request.pk}/respond/",
        NOBODY_ELSE | {"partner": 302},
        body=lambda s: {"decision": "accept"},
    ),
    Case(
        "withdraw a request",
        "post",
        lambda s: f"/matches/requests/{s.request.pk}/withdraw/",
        NOBODY_ELSE | {"participant": 302},
    ),
    Case(
        "start a run",
        "post",
        lambda s: "/api/v1/programmes/alpha/match-runs",
        MANAGER_ONLY | {"manager": 202, "admin": 202},
        api=True,
    ),
    Case(
        "publish a run",
        "post",
        lambda s: f"/api/v1/match-runs/{s.run.pk}/publish",
        NOBODY_ELSE | {"manager": 200, "admin": 200},
        api=True,
    ),
    Case(
        "ask for a mentor",
        "post",
        lambda s: "/api/v1/programmes/alpha/requests",
        {
            "owner": 409,  # already has a mentor
            "partner": 403,
            "participant": 409,  # already asked this mentor
            "outsider": 404,
            "manager": 403,
            "other_manager": 404,
            "admin": 403,
        },
        api=True,
        body=lambda s: {"mentor_id": s.pair.mentor_id},
        json=True,
    ),
    Case(
        "answer a request",
        "post",
        lambda s: f"/api/v1/requests/{s.request.pk}/decision",
        NOBODY_ELSE | {"partner": 200},
        api=True,
        body=lambda s: {"accept": True},
        json=True,
    ),
]

ROWS = [
    Rows(setup, WEB + API),
    Rows(pair_setup, PAIR_ROWS),
]
