"""Who may reach each of notifications's pages and endpoints."""

from __future__ import annotations

from kindred.lib.tests.access import ACTORS, SIGNED_IN, Case, Rows
from kindred.lib.tests.shared_rows import pair_setup

PAIR_ROWS = [
    Case("e-mail preferences", "get", lambda s: "/profile/email/", SIGNED_IN),
    Case(
        "save e-mail preferences",
        "post",
        lambda s: "/profile/email/",
        dict.fromkeys(ACTORS, 302),
        body=lambda s: {"wanted": ["messages"]},
    ),
]

ROWS = [Rows(pair_setup, PAIR_ROWS)]
