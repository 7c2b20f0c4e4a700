"""Who may reach each of pages's pages and endpoints."""

from __future__ import annotations

from kindred.lib.tests.access import ACTORS, SIGNED_IN, Case, Rows, the_world
from kindred.lib.tests.shared_rows import EVERYONE, MEMBERS_AND_MANAGER, pair_setup

WORLD_ROWS = [
    Case("home", "get", lambda w: "/", SIGNED_IN),
    Case("programme detail", "get", lambda w: "/programmes/alpha/", MEMBERS_AND_MANAGER),
]


PAIR_ROWS = [
    Case("health check", "get", lambda s: "/healthz", EVERYONE, anonymous=200),
    Case("API schema", "get", lambda s: "/api/v1/openapi.json", EVERYONE, anonymous=200),
    Case("API docs", "get", lambda s: "/api/v1/docs", EVERYONE, anonymous=200),
    Case("API root", "get", lambda s: "/api/v1/", dict.fromkeys(ACTORS, 404), anonymous=404),
    Case(
        "admin",
        "get",
        lambda s: "/admin/",
        dict.fromkeys(ACTORS, 302) | {"admin": 200},
        anonymous_to="/admin/login/",
    ),
]

ROWS = [Rows(the_world, WORLD_ROWS), Rows(pair_setup, PAIR_ROWS)]
