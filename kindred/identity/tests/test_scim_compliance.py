"""scim2-tester, a SCIM compliance checker (RFC 7643/7644), run against
Kindred's /scim/v2 through its WSGI application: discovery, then create,
read, replace, patch, query and delete of Users with values it makes up
from the schema Kindred publishes."""

from __future__ import annotations

import pytest
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server

from kindred.conftest import World
from kindred.identity.services import scim_token_create
from kindred.wsgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_scim_endpoint_passes_the_compliance_checker(world: World) -> None:
    _, raw = scim_token_create(actor=world.admin, name="compliance")
    client = WSGISCIMClient(
        application,
        base_url="http://localhost/scim/v2",
        headers={"Authorization": f"Bearer {raw}"},
    )
    client.discover()
    results = check_server(client)
    failed = [
        f"{r.title}: {r.reason}"
        for r in results
        if r.status not in (Status.SUCCESS, Status.SKIPPED)
    ]
    assert results and not failed, "\n".join(failed)
    assert sum(r.status == Status.SUCCESS for r in results) >= 20
