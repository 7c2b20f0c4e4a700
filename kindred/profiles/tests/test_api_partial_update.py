"""A partial update changes only what it names (issue 30, point 7):
`{"boundaries": []}`, `"x"` or `5` are refused with 422 and nothing written,
and random partial bodies never remove data they do not name."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindred.accounts.models import User
from kindred.conftest import World, api_client_for, give_intake
from kindred.profiles.models import Profile, Topic

URL = "/api/v1/profiles/me"


def stored(user: User) -> dict[str, Any]:
    user.refresh_from_db()
    profile = Profile.objects.get(user=user)
    return {
        "timezone": user.timezone,
        "languages": user.languages,
        "values": profile.values,
        "tipi_answers": profile.tipi_answers,
        "calling": profile.calling,
        "career_dreams": profile.career_dreams,
        "goal_ids": sorted(profile.goals.values_list("pk", flat=True)),
        "skills_sought_ids": sorted(profile.skills_sought.values_list("pk", flat=True)),
        "skills_offered_ids": sorted(profile.skills_offered.values_list("pk", flat=True)),
        "working_windows": profile.working_windows,
        "sync_channels": profile.sync_channels,
        "async_channels": profile.async_channels,
        "quiet_hours": profile.quiet_hours,
        "blocks": profile.boundary_blocks,
        "topics_off_limits": profile.topics_off_limits,
        "camera_optional": profile.camera_optional,
    }


@pytest.fixture
def full(world: World) -> User:
    give_intake(world.owner)
    Profile.objects.filter(user=world.owner).update(
        quiet_hours={"start": "22:00", "end": "07:00"},
        boundary_blocks=[
            {"label": "caregiving", "days": [0, 1, 2], "start": "15:00", "end": "16:00",
             "hard": False}
        ],
        topics_off_limits=["family"],
        camera_optional=True,
        career_dreams="Lead a distributed team",
        async_channels=["email"],
    )  # fmt: skip
    return world.owner


CLIENTS: dict[int, Any] = {}


def patch(user: User, body: object) -> Any:
    # One token per person for the whole test: a person holds at most 20.
    client = CLIENTS.get(user.pk)
    if client is None or not user.api_tokens.filter(revoked_at__isnull=True).exists():
        client = CLIENTS[user.pk] = api_client_for(user)
    return client.patch(URL, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "body",
    [
        {"boundaries": []},
        {"boundaries": "x"},
        {"boundaries": 5},
        {"logistics": []},
        {"calling": "x"},
        {"boundaries": {"camera_optional": "yes"}},
        {"boundaries": {"camera_optional": 1}},
        {"tipi_answers": [True] * 10},
        {"tipi_answers": ["5"] * 10},
        {"values": {"autonomy": 9}},
        {"boundary": {}},  # a misspelt section is refused, not ignored
        [],
        "x",
    ],
    ids=str,
)
def test_wrong_shapes_are_refused_and_change_nothing(full: User, body: object) -> None:
    before = stored(full)
    response = patch(full, body)
    assert response.status_code in (400, 422), response.content
    assert stored(full) == before


def test_an_empty_section_changes_nothing(full: User) -> None:
    before = stored(full)
    bodies: list[dict[str, dict[str, object]]] = [
        {},
        {"boundaries": {}},
        {"calling": {}},
        {"logistics": {}},
    ]
    for body in bodies:
        assert patch(full, body).status_code == 200
        assert stored(full) == before


FIELDS: dict[str, dict[str, Any]] = {
    "calling": {
        "calling": st.sampled_from(["Help people grow", "Build calm teams"]),
        "career_dreams": st.sampled_from(["", "Write a book"]),
        "goal_ids": st.just([]),
    },
    "logistics": {
        "timezone": st.sampled_from(["Europe/Paris", "Asia/Kolkata", "Not/AZone"]),
        "languages": st.sampled_from([["en"], ["fr", "en"], ["zz-unknown"]]),
        "sync_channels": st.sampled_from([["video"], ["phone", "video"]]),
        "async_channels": st.sampled_from([[], ["messages"]]),
    },
    "boundaries": {
        "quiet_hours": st.sampled_from([None, {"start": "21:00", "end": "06:30"}]),
        "topics_off_limits": st.sampled_from([[], ["health"]]),
        "camera_optional": st.booleans(),
    },
}
SECTIONS = st.dictionaries(
    st.sampled_from(sorted(FIELDS)),
    st.just(None),
    max_size=3,
).flatmap(
    lambda chosen: st.fixed_dictionaries(
        {section: st.fixed_dictionaries({}, optional=FIELDS[section]) for section in chosen}
    )
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=SECTIONS)
def test_random_partial_bodies_never_remove_what_they_do_not_name(
    full: User, body: dict[str, dict[str, Any]]
) -> None:
    before = stored(full)
    response = patch(full, body)
    after = stored(full)
    named = {field for section in body.values() for field in section}
    if response.status_code != 200:
        assert response.status_code == 422 and after == before
        return
    for field, value in before.items():
        if field not in named:
            assert after[field] == value, field
    # And what was named is what is stored now.
    for section in body.values():
        for field, value in section.items():
            if field not in ("timezone",):
                assert after[field] == value, field
    assert Topic.objects.exists()
