"""Every API error is JSON in the documented shape, whatever the path: a
word where an id goes, in debug mode too (issue 30, point 9)."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from kindred.api import api
from kindred.conftest import World, api_client_for


def paths_with_ids() -> list[tuple[str, str]]:
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if re.search(r"\{\w*_?id\}", path):
            for method in operations:
                found.append((method, path))
    return found


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(("method", "path"), paths_with_ids(), ids=lambda v: str(v))
def test_a_word_where_an_id_goes_is_a_json_404(
    world: World, method: str, path: str, debug: bool
) -> None:
    assert paths_with_ids(), "the API has operations that take an id"
    url = re.sub(r"\{\w*id\}", "abc", path).replace("{slug}", "alpha")
    with override_settings(DEBUG=debug):
        response = api_client_for(world.owner).generic(
            method.upper(), url, b"{}", "application/json"
        )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) >= {"code", "detail"}
