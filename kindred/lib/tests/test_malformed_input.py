"""No page or endpoint answers 500, whatever arrives: wrong types, oversize
text, unknown zones, bad encodings, overflowing ids. The test client re-raises
any server error, so an unhandled exception fails these tests outright."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindred.conftest import World, api_client_for, client_for
from kindred.profiles.models import Profile

NASTY = [
    "",
    "x" * 20_000,
    "\x00\x01",
    "'; DROP TABLE users; --",
    "<script>alert(1)</script>",
    "9" * 40,
    "-1",
    "Mars/Olympus_Mons",
    "💥" * 500,
    "1e309",
]

WEB_FORMS = [
    "/intake/values/",
    "/intake/personality/",
    "/intake/calling/",
    "/intake/logistics/",
    "/intake/boundaries/",
    "/intake/demographics/",
    "/accounts/tokens/",
    "/programmes/new/",
    "/programmes/alpha/edit/",
    "/programmes/alpha/invitations/",
    "/programmes/alpha/vocabulary/",
    "/programmes/alpha/import/",
    "/accounts/password/reset/",
    "/programmes/alpha/matching/",
]
FIELDS = [
    "item_1",
    "self_direction",
    "calling",
    "goals",
    "timezone",
    "languages",
    "day_0",
    "sync_1",
    "quiet_start",
    "blocks-TOTAL_FORMS",
    "blocks-INITIAL_FORMS",
    "blocks-0-label",
    "blocks-0-days",
    "gender",
    "name",
    "start_date",
    "end_date",
    "mentor_capacity_default",
    "role",
    "days_valid",
    "kind",
    "email",
    "file",
    "showcase_date",
    "status",
]


@pytest.mark.parametrize("url", WEB_FORMS)
def test_web_forms_survive_garbage(world: World, url: str) -> None:
    client = client_for(world.admin if "programmes" in url else world.owner)
    if "programmes" in url and "new" not in url:
        world.programme.managers.add(world.admin)
    for value in NASTY:
        response = client.post(url, dict.fromkeys(FIELDS, value))
        assert response.status_code < 500, (url, value[:20])
        response = client.post(url, {name: [value, value] for name in FIELDS})
        assert response.status_code < 500, (url, value[:20])


@pytest.mark.parametrize(
    "url",
    [
        "/people/99999999999999999999999/",
        "/people/-1/",
        "/programmes/%00/",
        "/programmes/alpha/participants/?page=-5&q=%00&role[]=x",
        "/programmes/alpha/participants/?page=" + "9" * 50,
        "/invite/" + "a" * 3000 + "/",
        "/api/v1/profiles/99999999999999999999999",
        "/api/v1/programmes/alpha/participants?offset=-1&limit=abc",
        "/api/v1/programmes/alpha/participants?offset=" + "9" * 40,
    ],
)
def test_odd_urls_get_client_errors(world: World, url: str) -> None:
    response = client_for(world.manager).get(url)
    assert 200 <= response.status_code < 500


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("not json", "application/json"),
        ('{"values": "high"}', "application/json"),
        ('{"values": {"power": "1e999"}}', "application/json"),
        ('{"tipi_answers": [1.5, 2, 3, 4, 5, 6, 7, 1, 2, 3]}', "application/json"),
        ('{"logistics": {"timezone": 5}}', "application/json"),
        (
            '{"boundaries": {"blocks": [{"label": "x", "days": ["mon"], "start": 9}]}}',
            "application/json",
        ),
        ("values=1", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00".decode("latin-1"), "application/json"),
    ],
)
def test_profile_patch_rejects_malformed_bodies(world: World, body: str, content_type: str) -> None:
    response = api_client_for(world.owner).patch(
        "/api/v1/profiles/me", body, content_type=content_type
    )
    assert 400 <= response.status_code < 500


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=15,
)
SECTIONS = st.fixed_dictionaries(
    {},
    optional={
        "values": JSON_VALUES,
        "tipi_answers": JSON_VALUES,
        "calling": JSON_VALUES,
        "logistics": st.fixed_dictionaries(
            {
                "timezone": st.text(max_size=40),
                "languages": st.lists(st.text(max_size=3), max_size=3),
                "working_windows": st.lists(
                    st.fixed_dictionaries(
                        {
                            "day": st.integers(-2, 9),
                            "start": st.text(max_size=5),
                            "end": st.text(max_size=5),
                        }
                    ),
                    max_size=4,
                ),
                "sync_channels": st.lists(
                    st.sampled_from(["video", "phone", "internal", "fax"]), max_size=4
                ),
            }
        ),
        "boundaries": JSON_VALUES,
    },
)


@pytest.fixture
def owner_api(world: World) -> Client:
    return api_client_for(world.owner)


# The fixtures are shared by every generated example, which is what we want:
# one person's profile receiving a stream of odd updates.
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=SECTIONS)
def test_profile_patch_never_fails_on_any_json(owner_api: Client, payload: dict) -> None:
    response = owner_api.patch(
        "/api/v1/profiles/me", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code in (200, 422)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + b"email;full_name\n",
        "email,full_name,title,level,department,manager_email,location,timezone,languages\n".encode(
            "utf-16"
        ),
        bytes(range(256)),
        b"a" * 200_000,
        b'"' * 1000,
    ],
)
def test_import_never_fails_on_bad_files(world: World, data: bytes) -> None:
    response = api_client_for(world.manager).post(
        "/api/v1/programmes/alpha/import", {"file": SimpleUploadedFile("x.csv", data)}
    )
    assert response.status_code == 422
    assert response.json()["errors"]


def test_import_without_a_file_is_a_validation_error(world: World) -> None:
    response = api_client_for(world.manager).post("/api/v1/programmes/alpha/import", {})
    assert response.status_code == 422


def test_failed_patch_leaves_the_profile_as_it_was(world: World) -> None:
    api_client_for(world.owner).patch(
        "/api/v1/profiles/me", {"values": {"power": 99}}, content_type="application/json"
    )
    assert Profile.objects.get(user=world.owner).values == {}
