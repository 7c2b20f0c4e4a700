"""Every writing operation of the API, sent every malformed body shape, by a
caller who may and one who may not: a 4xx in the documented error shape,
never a server error, and permission is decided before the body is read
(issue 30, point 8)."""

from __future__ import annotations

from typing import Any

import pytest

from kindred.api import UNSTORABLE_MESSAGE, api
from kindred.conftest import World, api_client_for, client_for

SHAPES = [
    ("multipart without a boundary", b"--x\r\n", "multipart/form-data"),
    (
        "multipart cut short",
        b"--b\r\nContent-Disposition: form-data; name=",
        "multipart/form-data; boundary=b",
    ),
    ("not JSON", b"{not json", "application/json"),
    ("a JSON list", b"[1, 2]", "application/json"),
    ("a bare JSON value", b"5", "application/json"),
    ("not UTF-8", b"\xff\xfe\xfa", "application/json"),
    # Valid JSON that PostgreSQL cannot store, deep in a list (CI found the first).
    (
        "a NUL in a string",
        b'{"boundaries": {"topics_off_limits": ["a\\u0000"]}}',
        "application/json",
    ),
    ("a lone surrogate as a key", b'{"\\ud800": 1}', "application/json"),
    ("form-encoded", b"a=1&b=2", "application/x-www-form-urlencoded"),
    ("no body", b"", "application/json"),
]


def write_operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return [
        (method, path)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if "requestBody" in operation  # operations without a body ignore one
    ]


def concrete(path: str) -> str:
    return (
        path.replace("{slug}", "alpha")
        .replace("{person_id}", "1")
        .replace("{time_off_id}", "1")
        .replace("{run_id}", "1")
        .replace("{request_id}", "1")
        .replace("{token_id}", "1")
        .replace("{proposal_id}", "1")
    )


@pytest.mark.parametrize(("method", "path"), write_operations(), ids=lambda v: str(v))
@pytest.mark.parametrize("who", ["manager", "participant"])
def test_malformed_bodies_get_a_client_error(
    world: World, method: str, path: str, who: str
) -> None:
    client = api_client_for(world.actors()[who])
    for name, body, content_type in SHAPES:
        response: Any = client.generic(
            method.upper(), concrete(path), body, content_type=content_type
        )
        assert 400 <= response.status_code < 500, (name, response.status_code)
        payload = response.json()
        assert set(payload) >= {"code", "detail"}, (name, payload)


def test_the_import_refuses_an_unreadable_upload_from_a_non_manager_unread(world: World) -> None:
    """A participant sending a broken upload is told they may not import
    (403), not that their upload is broken."""
    for who, expected in (("participant", 403), ("outsider", 404), ("manager", 400)):
        response = api_client_for(world.actors()[who]).generic(
            "POST",
            "/api/v1/programmes/alpha/import",
            b"--x\r\n",
            content_type="multipart/form-data",
        )
        assert response.status_code == expected, who


def test_the_web_import_answers_a_broken_upload_with_400(world: World) -> None:
    response = client_for(world.manager).generic(
        "POST", "/programmes/alpha/import/", b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400


def test_text_no_database_can_store_is_refused_before_anything_changes(world: World) -> None:
    """The body CI's fuzzer found on PostgreSQL: a NUL inside a topic."""
    body = b'{"boundaries": {"topics_off_limits": ["money\\u0000"], "blocks": []}}'
    response = api_client_for(world.owner).patch(
        "/api/v1/profiles/me", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "boundaries.topics_off_limits.0", "message": UNSTORABLE_MESSAGE}
    ]
    world.owner.profile.refresh_from_db()
    assert world.owner.profile.topics_off_limits == []
