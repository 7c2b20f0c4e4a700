"""Who may reach the operations endpoints: a load balancer's probe, like
anyone, reads /readyz (it says nothing about anyone)."""

from __future__ import annotations

from kindred.lib.tests.access import ACTORS, Case, Rows
from kindred.lib.tests.shared_rows import EVERYONE, pair_setup

PAIR_ROWS = [
    Case("readiness", "get", lambda s: "/readyz", EVERYONE, anonymous=200),
    # Off unless a scraper's token or addresses are set (test_metrics.py
    # shows who reads it when it is on): nobody signed in reaches it.
    Case("metrics", "get", lambda s: "/metrics", dict.fromkeys(ACTORS, 404), anonymous=404),
]

ROWS = [Rows(pair_setup, PAIR_ROWS)]
