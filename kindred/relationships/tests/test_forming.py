"""Forming the relationship: what the pair shares (never demographics), and
shared objectives with progress."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kindred.conftest import World, client_for, give_intake
from kindred.lib.errors import Forbidden, InvalidInput, NotFound
from kindred.matching.selectors import pair_similarities
from kindred.matching.words import prompts
from kindred.profiles.models import Demographics, Profile
from kindred.relationships import services
from kindred.relationships.models import Objective, Relationship


@pytest.fixture
def pair(world: World) -> Relationship:
    give_intake(world.owner, seed=1, skills=("Presenting", "Writing"))
    give_intake(world.partner, seed=1, skills=("Presenting",))
    with transaction.atomic():
        return relationship_start(world)


def relationship_start(world: World) -> Relationship:
    return services.relationship_start(
        programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
    )


def test_shared_similarities_from_both_intakes(world: World, pair: Relationship) -> None:
    Profile.objects.filter(user=world.partner).update(
        calling="I want to help remote teams write clearly"
    )
    Profile.objects.filter(user=world.owner).update(calling="I want to lead remote teams well")
    found = pair_similarities(pair, today=dt.date(2026, 6, 3))
    assert found.shared_values  # the same answers (seed 1): every highly rated value is shared
    assert set(found.close_traits) == {
        "extraversion", "agreeableness", "conscientiousness", "emotional stability", "openness"
    }  # fmt: skip
    assert "Presenting" in found.mentor_offers
    assert "remote" in found.shared_words or "teams" in found.shared_words
    assert found.weekly_hours == 50  # the same London windows, Mon-Fri 08:00-18:00
    assert any("What surprised you" in p for p in prompts(found, "Olu", "Pat"))


def test_demographics_never_appear_in_what_they_share(world: World, pair: Relationship) -> None:
    for person in (world.owner, world.partner):
        Demographics.objects.create(user=person, gender="woman", ethnicity="Zanzibari-Quokka")
    page = client_for(world.owner).get(f"/relationships/{pair.pk}/similarities/")
    assert page.status_code == 200
    assert b"Zanzibari-Quokka" not in page.content and b"Woman" not in page.content
    assert b"To reflect on together" in page.content


def test_objectives_and_progress(world: World, pair: Relationship) -> None:
    objective = services.objective_add(
        actor=world.owner,
        relationship=pair,
        title="Run my first remote retrospective",
        why="My team is spread over four zones",
        measures="Held, with a written summary",
        target_date=pair.started_at.date() + dt.timedelta(days=90),
    )
    services.objective_progress(
        actor=world.partner,
        relationship=pair,
        objective_id=objective.pk,
        progress=40,
        note="Agenda drafted",
    )
    objective.refresh_from_db()
    assert objective.progress == 40 and objective.updates.get().by == world.partner
    with pytest.raises(InvalidInput):
        services.objective_progress(
            actor=world.owner, relationship=pair, objective_id=objective.pk, progress=140
        )
    with pytest.raises(InvalidInput):
        services.objective_add(actor=world.owner, relationship=pair, title="  ")
    with pytest.raises(Forbidden):
        services.objective_add(actor=world.manager, relationship=pair, title="Not mine to set")
    other = Relationship.objects.create(
        programme=world.programme, mentor=world.partner, mentee=world.participant
    )
    with pytest.raises(NotFound):  # an objective of another relationship
        services.objective_progress(
            actor=world.partner, relationship=other, objective_id=objective.pk, progress=50
        )
    client = client_for(world.owner)
    url = f"/relationships/{pair.pk}/objectives/"
    assert client.post(url, {"title": "Give feedback monthly"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Give feedback monthly" in page and "Agenda drafted" in page
    assert client.post(f"{url}{objective.pk}/progress/", {"progress": "x"}).status_code == 422
    assert Objective.objects.count() == 2
