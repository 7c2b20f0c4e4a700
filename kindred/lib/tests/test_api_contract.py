"""The API keeps its own contract: schemathesis generates requests from the
OpenAPI document, valid and not, and sends them as each kind of caller. No
request may produce a server error, and every response must be one the
document describes, in the shape it describes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.db.models import Count
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from kindred.accounts.services import api_token_create
from kindred.api import api
from kindred.conftest import World, give_intake
from kindred.lib.tests.access import ACTORS
from kindred.lib.tests.fuzzing import fuzz_settings
from kindred.matching.models import Proposal
from kindred.wsgi import application

# Enough to reach every branch of the validation the document describes,
# few enough that the eight callers together take well under a minute.
EXAMPLES_PER_OPERATION = 12

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
# A request the document calls valid is never refused as invalid (422) by a
# rule the document does not state. It may still meet the state of things:
# not allowed (403), no such thing (404), a conflict with what exists (409).
schema.config.checks.positive_data_acceptance.expected_statuses = [
    "2xx", "401", "403", "404", "409", "429"
]  # fmt: skip
# The one rule about text the document states in words (its description:
# no NUL character in any string), since JSON Schema would need a pattern on
# every string to say it: valid requests hold none. Bodies that do are
# refused with a 422 naming the field (test_malformed_bodies.py).
schema.config.generation.update(allow_x00=False)


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
    _, raw = api_token_create(actor=user, name="contract")
    return {"Authorization": f"Bearer {raw}"}


# The two rules JSON Schema cannot state (a relation between two fields, a
# date relative to today), each said in its operation's description.
UNSTATABLE = {"PATCH /api/v1/profiles/me", "POST /api/v1/profiles/me/time-off"}


@pytest.mark.parametrize("actor", ACTORS)
@schema.parametrize()
@fuzz_settings(EXAMPLES_PER_OPERATION)
def test_every_operation_keeps_its_contract(case, headers: dict[str, str], actor: str) -> None:
    unstatable = case.operation.label in UNSTATABLE
    case.call_and_validate(
        headers=headers, excluded_checks=[positive_data_acceptance] if unstatable else []
    )


# Sequences of calls that feed each other (a run started, then read and
# published; time off added, then removed; a request made, then answered),
# from the links schemathesis infers from the document's responses and path
# parameters. Few examples of a few steps: enough to chain every link for
# each caller inside the suite's time.
STATEFUL = hypothesis.settings(
    max_examples=6,
    stateful_step_count=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)


@pytest.mark.parametrize("actor", ACTORS)
def test_chained_operations_keep_the_contract_and_the_rules(
    world: World, headers: dict[str, str], actor: str
) -> None:
    workflow = schema.as_state_machine()

    class Caller(workflow):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            # Authentication is checked operation by operation above; here every
            # call carries the caller's token, which would mask a forged one.
            case.validate_response(
                response, excluded_checks=[positive_data_acceptance, ignored_auth]
            )
            # Publishing never leaves a programme with two runs' proposals open.
            open_runs = (
                Proposal.objects.filter(status=Proposal.Status.PUBLISHED)
                .values("run__programme")
                .annotate(runs=Count("run", distinct=True))
                .filter(runs__gt=1)
            )
            assert not open_runs.exists()

    Caller.run(settings=STATEFUL)
