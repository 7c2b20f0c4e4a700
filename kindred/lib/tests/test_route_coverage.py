"""The access matrix is complete: every URL pattern and every API operation
has at least one row, asked by all eight kinds of visitor, in its app's
`tests/access.py`. Add a route without a row and this test names it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from kindred.api import api
from kindred.lib.tests.access import ACTORS, Case, access_modules

# Django's own admin checks is_staff on every page; its index stands for it.
ADMIN_NAMESPACE = "admin:"
ADMIN_COVERED_BY = "admin:index"


class Probe:
    """Stands in for a test's setup so a case's URL can be built without a
    database: every attribute is another probe and prints as 1."""

    def __getattr__(self, name: str) -> Probe:
        return Probe()

    def __str__(self) -> str:
        return "1"

    def __format__(self, spec: str) -> str:
        return "1"


def all_cases() -> list[Case]:
    """Every app's rows (kindred/<app>/tests/access.py), found by name."""
    return [case for module in access_modules() for rows in module.ROWS for case in rows.cases]


def web_patterns(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from web_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not is_operation(pattern):
            yield namespace + pattern.name


def is_operation(pattern: URLPattern) -> bool:
    # API operations are listed by method and path, from the OpenAPI document.
    return getattr(pattern.callback, "__module__", "") == "ninja.operation"


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def openapi_path(route: str) -> str:
    """'api/v1/match-runs/<id:run_id>' -> '/api/v1/match-runs/{run_id}'."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def covered_by(case: Case) -> str:
    if case.route:
        return case.route
    match = resolve(case.url(Probe()).split("?")[0])
    if case.api:
        return f"{case.method.upper()} {openapi_path(match.route)}"
    return match.view_name


def expected_routes() -> set[str]:
    names = set(web_patterns(get_resolver().url_patterns))
    names = {n for n in names if not n.startswith(ADMIN_NAMESPACE)} | {ADMIN_COVERED_BY}
    # The API's own pages (root, docs, schema) are web rows like any other.
    return names | api_operations()


def test_every_route_and_operation_has_a_row() -> None:
    covered = {covered_by(case) for case in all_cases()}
    missing = sorted(expected_routes() - covered)
    assert not missing, f"routes with no access row: {missing}"


def test_every_row_says_what_each_visitor_gets() -> None:
    for case in all_cases():
        absent = [a for a in ACTORS if a != "anonymous" and a not in case.expected]
        assert not absent, f"{case.label} says nothing for {absent}"
