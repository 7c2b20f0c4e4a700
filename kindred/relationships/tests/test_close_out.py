"""The close-out: each of the pair answers privately once the relationship
or its programme ends; the programme sees shares only from five people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kindred.conftest import World, client_for, page_words
from kindred.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from kindred.relationships.models import CloseOut, Relationship
from kindred.relationships.services import close_out_submit, relationship_start


@pytest.fixture
def pair(world: World) -> Relationship:
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


def end(pair: Relationship, status: str = Relationship.Status.COMPLETED) -> None:
    Relationship.objects.filter(pk=pair.pk).update(status=status)
    pair.refresh_from_db()


def test_it_opens_when_the_relationship_ends_and_asks_on_its_page(
    world: World, pair: Relationship
) -> None:
    world.programme.end_date = dt.date.today() + dt.timedelta(days=100)
    world.programme.save()
    pair.refresh_from_db()
    with pytest.raises(Conflict):
        close_out_submit(actor=world.owner, relationship=pair, recommend=True, mentor_next="yes")
    owner = client_for(world.owner)
    assert "Looking back:" not in page_words(owner.get(f"/relationships/{pair.pk}/").content)
    end(pair)
    assert "Looking back:" in page_words(owner.get(f"/relationships/{pair.pk}/").content)
    response = owner.post(
        f"/relationships/{pair.pk}/close-out/",
        {"what_changed": "I run retros now", "recommend": "yes", "mentor_next": "maybe"},
    )
    assert response.status_code == 302
    found = CloseOut.objects.get()
    assert (found.recommend, found.mentor_next, found.what_changed) == (
        True,
        "maybe",
        "I run retros now",
    )
    assert "Looking back:" not in page_words(owner.get(f"/relationships/{pair.pk}/").content)
    # Sent again, it replaces theirs.
    owner.post(f"/relationships/{pair.pk}/close-out/", {"recommend": "no", "mentor_next": "no"})
    assert CloseOut.objects.get().recommend is False


def test_what_one_writes_no_one_else_reads(world: World, pair: Relationship) -> None:
    end(pair)
    close_out_submit(
        actor=world.owner, relationship=pair, recommend=False, mentor_next="no",
        what_changed="A very private reflection",
    )  # fmt: skip
    for someone in (world.partner, world.manager, world.admin):
        for url in (f"/relationships/{pair.pk}/", f"/relationships/{pair.pk}/close-out/",
                    f"/programmes/{world.programme.slug}/outcomes/"):  # fmt: skip
            assert "private reflection" not in client_for(someone).get(url).content.decode()
    assert (
        "private reflection"
        in client_for(world.owner).get(f"/relationships/{pair.pk}/close-out/").content.decode()
    )


def test_the_early_end_reason_is_asked_only_when_it_ended_early(
    world: World, pair: Relationship
) -> None:
    end(pair)
    with pytest.raises(InvalidInput):
        close_out_submit(
            actor=world.owner, relationship=pair, recommend=True, mentor_next="yes",
            ended_early_why="fit",
        )  # fmt: skip
    assert "Why did it end early?" not in page_words(
        client_for(world.owner).get(f"/relationships/{pair.pk}/close-out/").content
    )
    end(pair, Relationship.Status.ENDED_EARLY)
    assert "Why did it end early?" in page_words(
        client_for(world.owner).get(f"/relationships/{pair.pk}/close-out/").content
    )
    close_out_submit(
        actor=world.owner, relationship=pair, recommend=True, mentor_next="yes",
        ended_early_why="fit",
    )  # fmt: skip
    assert CloseOut.objects.get().ended_early_why == "fit"


@pytest.mark.parametrize(
    "body",
    [{"recommend": "perhaps", "mentor_next": "yes"}, {"recommend": "yes", "mentor_next": "x"}, {}],
)
def test_bad_answers_change_nothing(world: World, pair: Relationship, body: dict[str, str]) -> None:
    end(pair)
    response = client_for(world.owner).post(f"/relationships/{pair.pk}/close-out/", body)
    assert response.status_code == 200 and not CloseOut.objects.exists()


def test_no_one_outside_the_pair_closes_it_out(world: World, pair: Relationship) -> None:
    end(pair)
    for outsider in (world.manager, world.participant, world.admin):
        with pytest.raises((Forbidden, NotFound)):
            close_out_submit(actor=outsider, relationship=pair, recommend=True, mentor_next="yes")
    assert not CloseOut.objects.exists()
