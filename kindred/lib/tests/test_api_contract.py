"""The API keeps its own contract: schemathesis generates requests from the
OpenAPI document, valid and not, and sends them as each kind of caller. No
request may produce a server error, and every response must be one the
document describes, in the shape it describes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kindred.accounts.services import api_token_create
from kindred.api import api
from kindred.conftest import World, give_intake
from kindred.lib.tests.access import ACTORS
from kindred.lib.tests.fuzzing import fuzz_settings
from kindred.wsgi import application

# Enough to reach every branch of the validation the document describes,
# few enough that the eight callers together take well under a minute.
EXAMPLES_PER_OPERATION = 12

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Django closes the database connection when a request ends; Django's own
    test client stops that so the test's transaction survives. schemathesis
    calls the WSGI app directly, so do the same here (PostgreSQL otherwise
    finds its connection closed half-way through the test)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def headers(keep_connection: None, world: World, actor: str) -> dict[str, str]:
    for n, person in enumerate([world.owner, world.partner, world.participant]):
        give_intake(person, seed=n)
    user = world.actors()[actor]
    if user is None:
        return {}
    _, raw = api_token_create(user=user, name="contract")
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize("actor", ACTORS)
@schema.parametrize()
@fuzz_settings(EXAMPLES_PER_OPERATION)
def test_every_operation_keeps_its_contract(case, headers: dict[str, str], actor: str) -> None:
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
