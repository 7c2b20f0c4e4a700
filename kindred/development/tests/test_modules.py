"""The five modules' content, answering a scenario, marking a module done,
and a programme's requirements and notes."""

from __future__ import annotations

import pytest

from kindred.conftest import World, client_for
from kindred.development import services
from kindred.development.models import ModuleProgress, ProgrammeModule
from kindred.development.modules import MODULES
from kindred.lib.errors import InvalidInput, NotFound
from kindred.lib.tests.access import ACTORS

SKILLS = [
    "Build trust",
    "Clarify the rules of engagement",
    "Be intentional when forming the relationship",
    "Balance authenticity with boundaries",
    "Collaborate",
]


def test_five_modules_one_per_skill_each_complete_and_under_ten_minutes() -> None:
    assert [m.skill for m in MODULES] == SKILLS
    for module in MODULES:
        assert module.why and module.good and len(module.failures) >= 3
        assert len(module.practices) == 3
        assert sum(c.best for c in module.scenario.choices) == 1
        assert len(module.scenario.choices) >= 3
        assert all(c.feedback for c in module.scenario.choices)
        assert module.minutes < 10, (module.key, module.words)


def test_the_failure_modes_the_article_names_are_taught() -> None:
    names = {f.name.lower() for m in MODULES for f in m.failures}
    for expected in (
        "waiting to be contacted",
        "letting commitments slide",
        "assuming a mentee's aspirations",
        "defaulting to people like yourself",
        "over-familiarity",
    ):
        assert expected in names


def test_a_module_is_done_only_after_its_scenario_is_answered(world: World) -> None:
    person = world.partner
    with pytest.raises(InvalidInput, match="Answer the scenario"):
        services.module_complete(actor=person, key="trust")
    assert not ModuleProgress.objects.exists()
    feedback = services.module_answer(actor=person, key="trust", choice="wait")
    assert "hesitate" in feedback
    services.module_answer(actor=person, key="trust", choice="write")  # a second try
    first = services.module_complete(actor=person, key="trust").completed_at
    again = services.module_complete(actor=person, key="trust").completed_at
    assert first is not None and first == again
    assert ModuleProgress.objects.get().scenario_choice == "write"


def test_bad_answers_change_nothing(world: World) -> None:
    with pytest.raises(InvalidInput):
        services.module_answer(actor=world.owner, key="trust", choice="nonsense")
    with pytest.raises(NotFound):
        services.module_answer(actor=world.owner, key="nope", choice="write")
    assert not ModuleProgress.objects.exists()
    response = client_for(world.owner).post("/develop/modules/trust/", {"choice": "x"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ModuleProgress.objects.exists()


def test_the_page_shows_the_feedback_and_then_lets_you_mark_it_done(world: World) -> None:
    client = client_for(world.owner)
    page = client.get("/develop/modules/forming/").content.decode()
    assert "Assuming a mentee" in page and "Mark this module done" not in page
    client.post("/develop/modules/forming/", {"choice": "ask"})
    page = client.get("/develop/modules/forming/").content.decode()
    assert "A strong choice" in page and "Mark this module done" in page
    response = client.post("/develop/modules/forming/done/", follow=True)
    assert "is marked done" in response.content.decode()
    assert "Next: Balance authenticity" in response.content.decode()


def test_htmx_answers_swap_in_the_scenario_only(world: World) -> None:
    response = client_for(world.owner).post(
        "/develop/modules/trust/", {"choice": "manager"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card" id="scenario"')
    assert "Worth thinking again" in html


def settings_for(**overrides: str) -> dict[str, str]:
    data = {
        f"{m.key}-{name}": value
        for m in MODULES
        for name, value in (("requirement", ""), ("required_of", "mentors"), ("note", ""))
    }
    return data | overrides


def test_managers_require_modules_and_add_notes_for_their_participants(world: World) -> None:
    response = client_for(world.manager).post(
        "/programmes/alpha/modules/",
        settings_for(
            **{"trust-requirement": "first_month", "trust-note": "Our promise: reply in a day."}
        ),
    )
    assert response.status_code == 302
    setting = ProgrammeModule.objects.get(programme=world.programme, module="trust")
    assert (setting.requirement, setting.required_of) == ("first_month", "mentors")
    for actor in ("owner", "partner", "manager"):
        page = client_for(world.actors()[actor]).get("/develop/modules/trust/").content.decode()
        assert "Our promise: reply in a day." in page, actor
    for actor in ("outsider", "other_manager"):
        page = client_for(world.actors()[actor]).get("/develop/modules/trust/").content.decode()
        assert "Our promise" not in page, actor
    home = client_for(world.partner).get("/develop/").content.decode()
    assert "in the first month of a relationship" in home


def test_bad_settings_save_nothing(world: World) -> None:
    long_note = "x" * 2001
    with pytest.raises(InvalidInput):
        services.programme_modules_set(
            actor=world.manager,
            programme=world.programme,
            settings={
                "trust": {"requirement": "first_month", "required_of": "mentors", "note": ""},
                "forming": {"requirement": "", "required_of": "mentors", "note": long_note},
            },
        )
    for bad in ({"requirement": "tomorrow"}, {"required_of": "dogs"}):
        with pytest.raises(InvalidInput):
            services.programme_modules_set(
                actor=world.manager, programme=world.programme, settings={"trust": bad}
            )
    with pytest.raises(InvalidInput):
        services.programme_modules_set(
            actor=world.manager, programme=world.programme, settings={"nope": {}}
        )
    with pytest.raises(NotFound):
        services.programme_modules_set(
            actor=world.other_manager, programme=world.programme, settings={}
        )
    assert not ProgrammeModule.objects.exists()
    response = client_for(world.manager).post(
        "/programmes/alpha/modules/", settings_for(**{"trust-requirement": "someday"})
    )
    assert response.status_code == 200 and not ProgrammeModule.objects.exists()


@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "anonymous"])
def test_progress_is_ones_own(world: World, actor: str) -> None:
    services.module_answer(actor=world.partner, key="trust", choice="write")
    services.module_complete(actor=world.partner, key="trust")
    page = client_for(world.actors()[actor]).get("/develop/").content.decode()
    assert ("Done</span>" in page) == (actor == "partner")


def test_sending_no_answer_says_so(world: World) -> None:
    response = client_for(world.owner).post("/develop/modules/trust/", {})
    assert "Choose one of the answers." in response.content.decode()
    assert not ModuleProgress.objects.exists()
