"""Benchmark: a directory provisioning 10,000 people through SCIM.

    .venv/bin/python bench/scim.py [--people 10000]

Each person is one POST /scim/v2/Users shaped as Entra ID sends it, through
Django's full request path (middleware, token check, validation, the
account, the audit trail) on SQLite (a real file, WAL); then a filter query
and a deactivation (a leaver with no relationships). Prints people per
second; the budget is 200."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_people import setup_django

BUDGET_PER_SECOND = 200
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def entra_user(n: int) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "externalId": f"00000000-0000-4000-8000-{n:012d}",
        "userName": f"person{n}@bench.example",
        "active": True,
        "displayName": f"Person {n}",
        "title": "Analyst",
        "emails": [{"primary": True, "type": "work", "value": f"person{n}@bench.example"}],
        "name": {"givenName": "Person", "familyName": str(n)},
        ENTERPRISE: {"department": f"Department {n % 40}"},
    }


def run(people: int) -> dict[str, float]:
    from django.test import Client

    from kindred.accounts.models import User
    from kindred.identity.services import scim_token_create

    admin = User.objects.create_user("admin@bench.example", is_org_admin=True)
    _, raw = scim_token_create(actor=admin, name="bench")
    client = Client(HTTP_HOST="localhost", headers={"Authorization": f"Bearer {raw}"})
    started = time.perf_counter()
    last: Any = None
    for n in range(people):
        last = client.post(
            "/scim/v2/Users", json.dumps(entra_user(n)), content_type="application/scim+json"
        )
        assert last.status_code == 201, last.content
    seconds = time.perf_counter() - started
    query_started = time.perf_counter()
    found = client.get('/scim/v2/Users?filter=userName eq "person7@bench.example"')
    query_ms = (time.perf_counter() - query_started) * 1000
    assert found.json()["totalResults"] == 1
    leave_started = time.perf_counter()
    patch = {"Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
    left = client.patch(
        f"/scim/v2/Users/{last.json()['id']}",
        json.dumps(patch),
        content_type="application/scim+json",
    )
    assert left.status_code == 200 and left.json()["active"] is False
    leave_ms = (time.perf_counter() - leave_started) * 1000
    return {"seconds": seconds, "per_second": people / seconds, "query_ms": query_ms,
            "leave_ms": leave_ms}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()
    # Each write logs a line; at 10,000 people that is the terminal's time.
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        figures = run(args.people)
    flag = "" if figures["per_second"] >= BUDGET_PER_SECOND else "  (under the budget)"
    print(f"SCIM provisioning, {args.people:,} people as Entra ID sends them")
    print(f"  created: {figures['seconds']:.1f} s, {figures['per_second']:.0f} people/s{flag}")
    print(f"  userName filter with {args.people:,} provisioned: {figures['query_ms']:.0f} ms")
    print(f"  a leaver (deactivation): {figures['leave_ms']:.0f} ms")


if __name__ == "__main__":
    main()
