"""Where the mentee stands in each objective, rated at the start and at the
end by the mentee and, apart, by the mentor: each rating private to its
author."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kindred.conftest import World, client_for, page_words
from kindred.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from kindred.relationships.models import Relationship, SkillRating
from kindred.relationships.services import objective_add, relationship_start, skill_rate


@pytest.fixture
def pair(world: World) -> Relationship:
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


def test_each_side_rates_at_the_start_and_sees_only_its_own(
    world: World, pair: Relationship
) -> None:
    objective = objective_add(actor=world.owner, relationship=pair, title="Lead a retro")
    skill_rate(
        actor=world.owner, relationship=pair, objective_id=objective.pk, moment="start", rating=2
    )
    skill_rate(
        actor=world.partner, relationship=pair, objective_id=objective.pk, moment="start", rating=5
    )
    skill_rate(
        actor=world.owner, relationship=pair, objective_id=objective.pk, moment="start", rating=3
    )
    assert sorted(SkillRating.objects.values_list("rater", "rating")) == sorted(
        [(world.owner.pk, 3), (world.partner.pk, 5)]
    )  # a second rating of a moment replaces the first
    url = f"/relationships/{pair.pk}/objectives/"
    mentee = client_for(world.owner).get(url).content.decode()
    mentor = client_for(world.partner).get(url).content.decode()
    assert '<option value="3" selected>' in mentee and '<option value="5" selected>' not in mentee
    assert '<option value="5" selected>' in mentor and '<option value="3" selected>' not in mentor
    assert "Where you stand in this" in page_words(mentee)
    assert "Where Olu Owner stands in this" in page_words(mentor)


def test_the_end_rating_waits_for_the_last_month_or_the_end(
    world: World, pair: Relationship
) -> None:
    objective = objective_add(actor=world.owner, relationship=pair, title="Lead a retro")
    world.programme.end_date = dt.date.today() + dt.timedelta(days=90)
    world.programme.save()
    pair.refresh_from_db()
    with pytest.raises(Conflict):
        skill_rate(
            actor=world.owner, relationship=pair, objective_id=objective.pk, moment="end", rating=6
        )
    page = page_words(client_for(world.owner).get(f"/relationships/{pair.pk}/objectives/").content)
    assert "The end rating opens in the programme's last month" in page
    Relationship.objects.filter(pk=pair.pk).update(status=Relationship.Status.COMPLETED)
    pair.refresh_from_db()
    skill_rate(
        actor=world.owner, relationship=pair, objective_id=objective.pk, moment="end", rating=6
    )
    assert SkillRating.objects.get(moment="end").rating == 6


@pytest.mark.parametrize("rating", [0, 8, -1])
def test_ratings_outside_one_to_seven_are_refused(
    world: World, pair: Relationship, rating: int
) -> None:
    objective = objective_add(actor=world.owner, relationship=pair, title="Lead a retro")
    with pytest.raises(InvalidInput):
        skill_rate(
            actor=world.owner,
            relationship=pair,
            objective_id=objective.pk,
            moment="start",
            rating=rating,
        )
    with pytest.raises(InvalidInput):
        skill_rate(
            actor=world.owner,
            relationship=pair,
            objective_id=objective.pk,
            moment="later",
            rating=3,
        )
    assert not SkillRating.objects.exists()


def test_bad_input_through_the_page_changes_nothing(world: World, pair: Relationship) -> None:
    objective = objective_add(actor=world.owner, relationship=pair, title="Lead a retro")
    url = f"/relationships/{pair.pk}/objectives/{objective.pk}/rating/"
    client = client_for(world.owner)
    for body in ({"moment": "start", "rating": "x"}, {"moment": "start"}, {"rating": "3"}):
        assert client.post(url, body).status_code == 422  # said on an error page
    assert client.post(url, {"moment": "start", "rating": "4"}).status_code == 302
    assert SkillRating.objects.get().rating == 4


def test_no_one_outside_the_pair_rates_and_no_other_objective(
    world: World, pair: Relationship
) -> None:
    objective = objective_add(actor=world.owner, relationship=pair, title="Lead a retro")
    for outsider in (world.manager, world.participant, world.admin):
        with pytest.raises((Forbidden, NotFound)):
            skill_rate(
                actor=outsider,
                relationship=pair,
                objective_id=objective.pk,
                moment="start",
                rating=3,
            )
    with pytest.raises(NotFound):
        skill_rate(
            actor=world.owner,
            relationship=pair,
            objective_id=objective.pk + 99,
            moment="start",
            rating=3,
        )
