"""Who may reach each of audit's pages and endpoints."""

from __future__ import annotations

from kindred.lib.tests.access import Case, Rows
from kindred.lib.tests.shared_rows import NOBODY_ELSE, pair_setup

PAIR_ROWS = [
    Case("audit log", "get", lambda s: "/audit/", NOBODY_ELSE | {"admin": 200}),
]

ROWS = [Rows(pair_setup, PAIR_ROWS)]
