"""The access matrix is complete: every URL pattern and every API operation
has at least one row, asked by all eight kinds of visitor, in one of the
access test modules. Add a route without a row and this test names it."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from kindred.api import api
from kindred.lib.tests.access import ACTORS, Case

# The modules whose Case lists make up the matrix.
ACCESS_MODULES = (
    "kindred.lib.tests.test_access_matrix",
    "kindred.lib.tests.test_access_more",
    "kindred.matching.tests.test_access",
    "kindred.relationships.tests.test_trust_access",
    "kindred.relationships.tests.test_relationships",
    "kindred.development.tests.test_access",
    "kindred.profiles.tests.test_time_off",
    "kindred.safety.tests.test_access",
    "kindred.health.tests.test_access",
)
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
    cases: list[Case] = []
    for name in ACCESS_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, list) and value and all(isinstance(c, Case) for c in value):
                cases.extend(value)
    return cases


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
