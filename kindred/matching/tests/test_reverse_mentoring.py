"""Reverse mentoring (issue 26): a programme chosen as reverse at creation
keeps its format once people are matched; its matching counts the level
gap the other way (the mentor is junior by at least N levels, one unless
the programme says); and its copy speaks to it: the conversation guide
tells the junior mentor how to set boundaries and the senior mentee what
to expect, and two practice modules add a section for its people only."""

from __future__ import annotations

import datetime as dt

import pytest

from kindred.conftest import World, client_for, enrol, give_intake, make_programme, make_user
from kindred.engines.matching import match
from kindred.lib.errors import InvalidInput
from kindred.matching.inputs import engine_inputs
from kindred.matching.models import MatchingSettings
from kindred.programs.models import Programme
from kindred.programs.services import programme_update
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

REVERSE = Programme.Format.REVERSE
TODAY = dt.date(2026, 3, 2)


def reverse_programme() -> Programme:
    programme = make_programme("reverse-2026", "Reverse mentoring 2026")
    programme.format = REVERSE
    programme.save()
    return programme


def person(email: str, level: int, programme: Programme, role: str, seed: int) -> int:
    user = make_user(email, email.split("@")[0].title(), level=level)
    enrol(user, programme, role)
    give_intake(user, seed=seed)
    return user.pk


@pytest.mark.django_db
def test_a_senior_mentee_is_matched_with_a_junior_mentor() -> None:
    programme = reverse_programme()
    director = person("director@test.example", 7, programme, "mentee", 1)
    graduate = person("graduate@test.example", 2, programme, "mentor", 2)
    person("vp@test.example", 9, programme, "mentor", 3)  # senior: not a reverse mentor
    person("peer@test.example", 7, programme, "mentor", 4)  # same level: not either
    inputs = engine_inputs(programme, today=TODAY)
    assert inputs.settings.reverse and inputs.settings.min_level_gap == 1
    result = match(inputs.mentees, inputs.mentors, inputs.settings)
    assert [(p.mentee_id, p.mentor_id) for p in result.pairs] == [(director, graduate)]
    assert result.certified

    MatchingSettings.objects.filter(programme=programme).update(min_level_gap=6)
    inputs = engine_inputs(programme, today=TODAY)
    assert match(inputs.mentees, inputs.mentors, inputs.settings).pairs == []  # 5 levels apart


@pytest.mark.django_db
def test_a_one_to_one_programme_keeps_the_mentor_senior(world: World) -> None:
    inputs = engine_inputs(world.programme, today=TODAY)
    assert not inputs.settings.reverse and inputs.settings.min_level_gap is None


def test_an_admin_creates_a_reverse_programme_and_it_says_so(world: World) -> None:
    admin = client_for(world.admin)
    form = admin.get("/programmes/new/").content.decode()
    assert "Reverse mentoring" in form and 'name="format"' in form
    answer = admin.post(
        "/programmes/new/",
        {"name": "Reverse 2027", "format": "reverse", "start_date": "2027-01-10",
         "end_date": "2027-12-20", "status": "draft", "default_cadence": "monthly",
         "mentor_capacity_default": 1},
    )  # fmt: skip
    assert answer.status_code == 302
    programme = Programme.objects.get(name="Reverse 2027")
    assert programme.format == REVERSE
    about = admin.get(f"/programmes/{programme.slug}/").content.decode()
    assert "Reverse mentoring: junior colleagues mentor senior ones" in about
    settings = admin.get(f"/programmes/{programme.slug}/matching/").content.decode()
    assert "Minimum level gap (mentee above mentor)" in settings


def test_the_format_is_fixed_once_people_are_matched(world: World) -> None:
    programme = world.programme
    programme_update(actor=world.manager, programme=programme, data={"format": "reverse"})
    programme_update(actor=world.manager, programme=programme, data={"format": "one_to_one"})
    Relationship.objects.create(
        programme=programme, mentor=world.partner, mentee=world.owner,
        status=Relationship.Status.ACTIVE,
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="cannot change once people have been matched"):
        programme_update(actor=world.manager, programme=programme, data={"format": "reverse"})
    page = client_for(world.manager).get(f"/programmes/{programme.slug}/edit/").content.decode()
    assert "Fixed now that people have been matched" in page
    programme.refresh_from_db()
    assert programme.format == Programme.Format.ONE_TO_ONE


@pytest.mark.parametrize(
    ("who", "heading"),
    [
        ("partner", "Mentoring someone more senior"),
        ("owner", "Being mentored by someone more junior"),
    ],
)
def test_the_guide_speaks_to_each_side_of_a_reverse_pair(
    world: World, who: str, heading: str
) -> None:
    Programme.objects.filter(pk=world.programme.pk).update(format=REVERSE)
    for n, someone in enumerate([world.owner, world.partner]):
        give_intake(someone, seed=n)
    pair = relationship_start(
        programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
    )
    page = client_for(getattr(world, who)).get(f"/relationships/{pair.pk}/guide/")
    assert heading in page.content.decode()


def test_a_one_to_one_guide_has_no_reverse_tips(world: World) -> None:
    for n, someone in enumerate([world.owner, world.partner]):
        give_intake(someone, seed=n)
    pair = relationship_start(
        programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
    )
    page = client_for(world.partner).get(f"/relationships/{pair.pk}/guide/").content.decode()
    assert "someone more senior" not in page


def test_the_boundaries_module_adds_a_reverse_section_for_its_people_only(world: World) -> None:
    Programme.objects.filter(pk=world.programme.pk).update(format=REVERSE)
    in_it = client_for(world.owner).get("/develop/modules/boundaries/").content.decode()
    assert "In reverse mentoring" in in_it and "pull of rank" in in_it
    # Someone only in the other (one-to-one) programme, and a manager who
    # runs the reverse one without taking part, read the module as it was.
    for reader in (world.outsider, world.manager):
        page = client_for(reader).get("/develop/modules/boundaries/").content.decode()
        assert "In reverse mentoring" not in page
