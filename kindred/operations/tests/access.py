"""Who may reach the operations endpoints: a load balancer's probe, like
anyone, reads /readyz (it says nothing about anyone)."""

from __future__ import annotations

from kindred.lib.tests.access import Case, Rows
from kindred.lib.tests.shared_rows import EVERYONE, pair_setup

PAIR_ROWS = [
    Case("readiness", "get", lambda s: "/readyz", EVERYONE, anonymous=200),
]

ROWS = [Rows(pair_setup, PAIR_ROWS)]
