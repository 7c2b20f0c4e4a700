"""The access matrix: every app's rows (`kindred/<app>/tests/access.py`),
each view and endpoint asked by every kind of visitor. Anything a caller
may not see answers 404, so the existence of a programme or person does
not leak; what they can see but may not do answers 403. The route coverage
test checks that every route has a row here."""

from __future__ import annotations

import pytest

from kindred.conftest import World, api_client_for, client_for
from kindred.lib.tests.access import ACTORS, Case, Rows, access_modules

ROWS = [
    (module.__name__.split(".")[1], rows, case)
    for module in access_modules()
    for rows in module.ROWS
    for case in rows.cases
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("app", "rows", "case"), ROWS, ids=[f"{app}:{case.label}" for app, _, case in ROWS]
)
def test_access(
    world: World, request: pytest.FixtureRequest, app: str, rows: Rows, case: Case, actor: str
) -> None:
    setup = rows.setup(world, request)
    user = world.actors()[actor]
    response = case.ask((api_client_for if case.api else client_for)(user), setup)
    assert response.status_code == case.expected_for(actor), response.content[:300]
    if actor == "anonymous" and not case.api and case.anonymous == 302:
        assert response["Location"].startswith(case.anonymous_to)
    rows.check(response, actor, setup)


def test_api_also_accepts_the_browser_session(world: World) -> None:
    response = client_for(world.owner).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "owner@test.example"
