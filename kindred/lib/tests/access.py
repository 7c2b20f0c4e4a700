"""Shared vocabulary of the access tests: who asks, and how a case is asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

ACTORS = (
    "owner",
    "partner",
    "participant",
    "outsider",
    "manager",
    "other_manager",
    "admin",
    "anonymous",
)
SIGNED_IN = {a: 200 for a in ACTORS if a != "anonymous"}
# Participants may see the programme but not do this; other managers may not see it.
MANAGER_ONLY = {
    "owner": 403,
    "partner": 403,
    "participant": 403,
    "outsider": 404,
    "manager": 200,
    "other_manager": 404,
    "admin": 200,
}


@dataclass
class Case:
    """One view or endpoint; `url` and `body` are built from the test's setup."""

    name: str
    method: str
    url: Callable[[Any], str]
    expected: dict[str, int]
    api: bool = False
    body: Callable[[Any], Any] = field(default=lambda setup: None)
    json: bool = False  # send the body as JSON rather than as a form
    # Web views send anonymous visitors to sign in; the API answers 401.
    anonymous: int = 302
    # Where that redirect goes (the admin has its own sign-in page).
    anonymous_to: str = "/accounts/sign-in/"
    # The route this row stands for, where its URL cannot be built without a
    # database (the route coverage test reads it).
    route: str = ""

    @property
    def label(self) -> str:
        return f"{'api' if self.api else 'web'}:{self.name}"

    def expected_for(self, actor: str) -> int:
        if actor == "anonymous":
            return 401 if self.api else self.anonymous
        return self.expected[actor]

    def ask(self, client: Client, setup: Any) -> Any:
        url, body = self.url(setup), self.body(setup) or {}
        send = getattr(client, self.method)
        if self.method == "get":
            return send(url)
        if self.json:
            return send(url, body, content_type="application/json")
        return send(url, body)


# --- each app's rows, and the one runner that asks them (test_access_rows) ----------

Setup = Callable[[Any, Any], Any]  # (world, pytest's request) -> what the URLs are built from


@dataclass
class Rows:
    """Access rows asked against one setup. Each app keeps its rows in
    `kindred/<app>/tests/access.py` as `ROWS`, a list of these."""

    setup: Setup
    cases: list[Case]
    # What else every answer must hold: (response, actor, setup) -> None.
    check: Callable[[Any, str, Any], None] = field(default=lambda response, actor, setup: None)


def the_world(world: Any, request: Any) -> Any:
    """The setup of rows whose URLs need only the shared world."""
    return world


def access_modules() -> list[Any]:
    """Every app's access rows module, found by name: a new app's rows are
    asked and counted by the route coverage test without a list to extend."""
    import importlib
    import pkgutil

    import kindred

    found = []
    for app in pkgutil.iter_modules(kindred.__path__):
        if app.name == "lib":  # this module: the vocabulary, not rows
            continue
        try:
            found.append(importlib.import_module(f"kindred.{app.name}.tests.access"))
        except ModuleNotFoundError as missing:
            if missing.name not in (
                f"kindred.{app.name}.tests",
                f"kindred.{app.name}.tests.access",
            ):
                raise
    return found
