from __future__ import annotations

import pytest

from kindred.conftest import World, api_client_for, client_for
from kindred.lib.errors import InvalidInput
from kindred.profiles import selectors, services
from kindred.profiles.instruments import WORK_VALUE_KEYS
from kindred.profiles.models import Profile, Topic

VALUES = {key: (n % 6) + 1 for n, key in enumerate(WORK_VALUE_KEYS)}
TIPI = [5, 3, 6, 2, 7, 3, 5, 2, 6, 1]


def complete_intake(user) -> Profile:
    skill = Topic.objects.filter(kind="skill")[0]
    services.profile_save_values(actor=user, ratings=VALUES)
    services.profile_save_personality(actor=user, answers=TIPI)
    services.profile_save_calling(
        actor=user,
        calling="Build humane teams.",
        career_dreams="Lead a lab.",
        goal_ids=[],
        skills_sought_ids=[skill.pk],
        skills_offered_ids=[],
    )
    services.profile_save_logistics(
        actor=user,
        zone="Asia/Kolkata",
        languages=["en", "hi"],
        working_windows=[{"day": 0, "start": "09:00", "end": "17:00"}],
        sync_channels=["video"],
        async_channels=["email"],
    )
    return services.profile_save_boundaries(
        actor=user,
        quiet_hours={"start": "21:00", "end": "07:00"},
        blocks=[
            {"label": "caregiving", "days": [0, 1], "start": "23:00", "end": "01:00", "hard": True}
        ],
        topics_off_limits=["Health"],
        camera_optional=True,
    )


def test_completing_the_five_required_steps_completes_the_intake(world: World) -> None:
    profile = complete_intake(world.owner)
    assert profile.intake_complete
    assert profile.openness == (7 + (8 - 1)) / 2
    assert profile.boundary_blocks[0]["end"] == "01:00"  # crossing midnight is allowed


def test_intake_web_flow_saves_each_step_and_moves_on(world: World) -> None:
    client = client_for(world.owner)
    assert client.get("/intake/")["Location"] == "/intake/values/"
    response = client.post("/intake/values/", dict(VALUES))
    assert response["Location"] == "/intake/personality/"
    response = client.post("/intake/personality/", {f"item_{n + 1}": a for n, a in enumerate(TIPI)})
    assert response["Location"] == "/intake/calling/"
    # "Save and finish later" keeps progress and returns to the profile.
    response = client.post("/intake/calling/", {"calling": "Help people grow.", "save_exit": "1"})
    assert response["Location"] == "/profile/"
    assert client.get("/intake/")["Location"] == "/intake/logistics/"
    page = client.get("/profile/")
    assert b"Openness to experience" in page.content


def test_logistics_step_parses_windows_and_reports_bad_ones(world: World) -> None:
    client = client_for(world.owner)
    good = {
        "timezone": "America/Sao_Paulo",
        "languages": ["pt", "en"],
        "day_0": "09:00-12:00, 13:00-17:30",
        "day_4": "8:30-12:00",
        "sync_1": "video",
        "sync_2": "phone",
        "async_1": "messages",
    }
    assert client.post("/intake/logistics/", good).status_code == 302
    profile = Profile.objects.get(user=world.owner)
    assert profile.working_windows == [
        {"day": 0, "start": "09:00", "end": "12:00"},
        {"day": 0, "start": "13:00", "end": "17:30"},
        {"day": 4, "start": "08:30", "end": "12:00"},
    ]
    world.owner.refresh_from_db()
    assert (world.owner.timezone, world.owner.languages) == ("America/Sao_Paulo", ["pt", "en"])
    for bad in (
        {"day_0": "17:00-09:00"},
        {"day_0": "9-5"},
        {"day_0": "09:00-12:00, 11:00-13:00"},
        {"timezone": "Mars/Base"},
        {"sync_2": "video"},
        {"day_0": "", "day_4": ""},
    ):
        response = client.post("/intake/logistics/", good | bad)
        assert response.status_code == 200, bad
        assert b'aria-invalid="true"' in response.content or b"form-errors" in response.content
    profile.refresh_from_db()
    assert len(profile.working_windows) == 3


def test_boundaries_step_with_blocks(world: World) -> None:
    client = client_for(world.owner)
    data = {
        "quiet_start": "22:00",
        "quiet_end": "06:30",
        "topics_off_limits": "Health\nFamily\n",
        "camera_optional": "on",
        "blocks-TOTAL_FORMS": "2",
        "blocks-INITIAL_FORMS": "0",
        "blocks-0-label": "homeschooling",
        "blocks-0-days": ["0", "2"],
        "blocks-0-start": "08:30",
        "blocks-0-end": "10:00",
        "blocks-0-hard": "0",
        "blocks-1-label": "",
        "blocks-1-hard": "1",
    }
    assert client.post("/intake/boundaries/", data).status_code == 302
    profile = Profile.objects.get(user=world.owner)
    assert profile.quiet_hours == {"start": "22:00", "end": "06:30"}
    assert profile.topics_off_limits == ["Health", "Family"]
    assert profile.boundary_blocks == [
        {"label": "homeschooling", "days": [0, 2], "start": "08:30", "end": "10:00", "hard": False}
    ]
    missing_days = data | {"blocks-0-days": []}
    response = client.post("/intake/boundaries/", missing_days)
    assert response.status_code == 200 and b"at least one day" in response.content


@pytest.mark.parametrize(
    "call",
    [
        lambda u: services.profile_save_values(actor=u, ratings={**VALUES, "power": 7}),
        lambda u: services.profile_save_values(actor=u, ratings={"power": 3}),
        lambda u: services.profile_save_personality(actor=u, answers=[4] * 9),
        lambda u: services.profile_save_calling(
            actor=u,
            calling="",
            career_dreams="",
            goal_ids=[],
            skills_sought_ids=[],
            skills_offered_ids=[],
        ),
        lambda u: services.profile_save_calling(
            actor=u,
            calling="x" * 1501,
            career_dreams="",
            goal_ids=[],
            skills_sought_ids=[],
            skills_offered_ids=[],
        ),
        lambda u: services.profile_save_calling(
            actor=u,
            calling="ok",
            career_dreams="",
            goal_ids=[999999],
            skills_sought_ids=[],
            skills_offered_ids=[],
        ),
        lambda u: services.profile_save_logistics(
            actor=u,
            zone="Nowhere",
            languages=["en"],
            working_windows=[],
            sync_channels=[],
            async_channels=[],
        ),
        lambda u: services.profile_save_boundaries(
            actor=u,
            quiet_hours={"start": "25:00", "end": "1"},
            blocks=[],
            topics_off_limits=[],
            camera_optional=False,
        ),
    ],
)
def test_invalid_sections_change_nothing(world: World, call) -> None:
    before = Profile.objects.get(user=world.owner)
    with pytest.raises(InvalidInput):
        call(world.owner)
    after = Profile.objects.get(user=world.owner)
    assert (after.values, after.tipi_answers, after.steps_done) == (
        before.values,
        before.tipi_answers,
        before.steps_done,
    )


def test_programme_topics_are_only_offered_to_its_participants(world: World) -> None:
    alpha_only = services.topic_add(
        actor=world.manager, programme=world.programme, kind="skill", name="Clinical research"
    )
    assert alpha_only in selectors.topics_available_to(world.owner, "skill")
    assert alpha_only not in selectors.topics_available_to(world.outsider, "skill")
    with pytest.raises(InvalidInput):
        services.profile_save_calling(
            actor=world.outsider,
            calling="x",
            career_dreams="",
            goal_ids=[],
            skills_sought_ids=[alpha_only.pk],
            skills_offered_ids=[],
        )
    with pytest.raises(InvalidInput, match="already"):
        services.topic_add(
            actor=world.manager, programme=world.programme, kind="skill", name="clinical  RESEARCH"
        )


def test_api_patch_is_all_or_nothing(world: World) -> None:
    client = api_client_for(world.owner)
    payload = {
        "values": VALUES,
        "tipi_answers": TIPI,
        "logistics": {
            "timezone": "Not/AZone",
            "languages": ["en"],
            "working_windows": [],
            "sync_channels": ["video"],
        },
    }
    response = client.patch("/api/v1/profiles/me", payload, content_type="application/json")
    assert response.status_code == 422
    assert (
        response.json()["errors"][0]["field"] == "logistics.timezone"
    )  # refused by the schema, before any section is saved
    assert Profile.objects.get(user=world.owner).values == {}
    ok = client.patch(
        "/api/v1/profiles/me",
        {"values": VALUES, "tipi_answers": TIPI},
        content_type="application/json",
    )
    assert ok.status_code == 200
    body = ok.json()
    assert body["big_five"]["openness"] == 7.0 and body["steps_done"] == ["values", "personality"]


def test_api_validation_errors_name_the_field(world: World) -> None:
    response = api_client_for(world.owner).patch(
        "/api/v1/profiles/me", {"tipi_answers": [1, 2]}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["errors"][0]["field"] == "tipi_answers"
    assert body["detail"].startswith("tipi_answers: ")


def test_finishing_the_intake_says_what_happens_next(world: World) -> None:
    from kindred.conftest import give_intake
    from kindred.profiles.models import Profile

    give_intake(world.owner)
    client = client_for(world.owner)
    page = client.get("/intake/done/").content.decode()
    assert "What happens next" in page and "Alpha Programme" in page
    assert "browse mentors with room" in page  # a mentee
    Profile.objects.filter(user=world.participant).update(intake_completed_at=None)
    assert client_for(world.participant).get("/intake/done/")["Location"] == "/intake/"


def test_how_long_the_intake_takes_is_measured_from_the_steps_saved(world: World) -> None:
    import time

    from django.core import signing

    from kindred.conftest import make_user
    from kindred.profiles.models import REQUIRED_STEPS
    from kindred.profiles.views import STEP_CLOCK_SALT

    estimate = selectors.intake_length()
    assert estimate.people == 0 and estimate.minutes >= 5
    client = client_for(world.owner)
    page = client.get("/intake/values/").content.decode()
    assert f"about {estimate.minutes} minutes" in page and "estimated from its questions" in page
    ninety_seconds_ago = signing.dumps(
        {"step": "values", "at": time.time() - 90}, salt=STEP_CLOCK_SALT
    )
    answers = dict.fromkeys(WORK_VALUE_KEYS, "4")
    client.post("/intake/values/", answers | {"opened": ninety_seconds_ago})
    assert Profile.objects.get(user=world.owner).step_seconds == {"values": 90}
    client.post("/intake/values/", answers | {"opened": "forged"})  # kept once, never forged
    assert Profile.objects.get(user=world.owner).step_seconds == {"values": 90}
    for n in range(5):
        person = make_user(f"timed{n}@test.example", f"Timed {n}")
        Profile.objects.filter(user=person).update(
            step_seconds={step.value: 60 * (n + 1) for step in REQUIRED_STEPS}
        )
    measured = selectors.intake_length()
    assert measured.people == 5 and measured.minutes == 3 * len(REQUIRED_STEPS)
