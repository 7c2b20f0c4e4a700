"""Every matching view and endpoint, asked by every kind of person. Runs,
the audit and all proposals are the programme managers'; a participant sees
only their own proposal; strangers see nothing, not even that it exists."""

from __future__ import annotations

from typing import Any

import pytest

from kindred.conftest import World, api_client_for, client_for, give_intake
from kindred.matching import services
from kindred.matching.models import MatchRun
from kindred.matching.tests.access import Setup
from kindred.matching.tests.access import setup as _setup
from kindred.matching.words import reason_text


@pytest.fixture
def setup(world: World, request: Any) -> Any:
    return _setup(world, request)


@pytest.mark.parametrize("actor", ["owner", "partner", "participant", "outsider", "other_manager"])
def test_only_managers_start_or_publish_runs(world: World, setup: Setup, actor: str) -> None:
    user = world.actors()[actor]
    assert client_for(user).post("/programmes/alpha/matching/start/").status_code in (403, 404)
    api = api_client_for(user)
    assert api.post("/api/v1/programmes/alpha/match-runs").status_code in (403, 404)
    assert api.post(f"/api/v1/match-runs/{setup.run.pk}/publish").status_code == 404
    assert client_for(user).post(f"/matching/runs/{setup.run.pk}/rerun/").status_code == 404
    for action in ("pin", "remove", "swap"):
        assert (
            client_for(user).post(f"/matching/proposals/{setup.proposal.pk}/{action}/").status_code
            == 404
        )
    assert MatchRun.objects.count() == 1


def test_a_participant_sees_only_their_side_of_the_explanation(world: World, setup: Setup) -> None:
    owner = api_client_for(world.owner).get("/api/v1/me/proposals").json()
    assert [p["role"] for p in owner] == ["mentee"] and owner[0]["partner_name"] == "Pat Partner"
    assert owner[0]["reasons"] == [  # the mentee's side only, in the reader's language
        {"component": r["component"], "text": reason_text(r), "weight": r["weight"]}
        for r in setup.proposal.mentee_reasons
    ]
    partner = api_client_for(world.partner).get("/api/v1/me/proposals").json()
    assert {p["partner_name"] for p in partner} == {"Olu Owner", "Pia Participant"}
    assert "audit" not in owner[0] and "score" in owner[0]


def test_manager_api_starts_a_run_and_sees_the_audit(world: World, setup: Setup) -> None:
    client = api_client_for(world.manager)
    started = client.post("/api/v1/programmes/alpha/match-runs")
    assert started.status_code == 202
    detail = client.get(f"/api/v1/match-runs/{setup.run.pk}").json()
    assert detail["gap"] == 0 and detail["audit"] and detail["proposals"][0]["reasons"]


@pytest.mark.parametrize(
    "actor", ["owner", "participant", "outsider", "manager", "other_manager", "admin"]
)
def test_only_the_asked_mentor_answers_and_only_the_asker_withdraws(
    world: World, actor: str
) -> None:
    for n, person in enumerate([world.owner, world.partner, world.participant]):
        give_intake(person, seed=n)
    request = services.mentor_request_create(
        actor=world.owner, programme=world.programme, mentor_id=world.partner.pk
    )
    user = world.actors()[actor]
    answer = client_for(user).post(
        f"/matches/requests/{request.pk}/respond/", {"decision": "accept"}
    )
    api_answer = api_client_for(user).post(
        f"/api/v1/requests/{request.pk}/decision", {"accept": True}, content_type="application/json"
    )
    assert (answer.status_code, api_answer.status_code) == (404, 404)
    withdraw = client_for(user).post(f"/matches/requests/{request.pk}/withdraw/")
    assert withdraw.status_code == (302 if actor == "owner" else 404)


def test_requests_through_the_api(world: World) -> None:
    for n, user in enumerate([world.owner, world.partner]):
        give_intake(user, seed=n)
    mentee = api_client_for(world.owner)
    suggested = mentee.get("/api/v1/programmes/alpha/suggestions").json()
    assert suggested[0]["mentor_id"] == world.partner.pk and suggested[0]["reasons"]
    made = mentee.post(
        "/api/v1/programmes/alpha/requests",
        {"mentor_id": world.partner.pk, "message": "Hello!"},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert (
        mentee.post(
            "/api/v1/programmes/alpha/requests",
            {"mentor_id": world.partner.pk},
            content_type="application/json",
        ).status_code
        == 409
    )
    outsider = api_client_for(world.outsider).post(
        "/api/v1/programmes/alpha/requests",
        {"mentor_id": world.partner.pk},
        content_type="application/json",
    )
    assert outsider.status_code == 404
    answered = api_client_for(world.partner).post(
        f"/api/v1/requests/{made.json()['id']}/decision",
        {"accept": True},
        content_type="application/json",
    )
    assert answered.json()["status"] == "accepted"
