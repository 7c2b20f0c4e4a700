"""A required module that is not done holds back the step it is required
for, with a message that says which module, who asks and how long it
takes; finishing it opens the step again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation

from kindred.conftest import World, client_for, give_intake
from kindred.development import services
from kindred.development.models import ProgrammeModule
from kindred.development.requirements import FIRST_MONTH, required_of_person
from kindred.lib.errors import Forbidden
from kindred.matching.inputs import engine_inputs
from kindred.matching.models import MatchingSettings, MentorRequest
from kindred.matching.services import (
    mentor_request_create,
    mentor_request_respond,
    run_execute,
    run_start,
)
from kindred.meetings.services import meeting_propose
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

TODAY = dt.date(2026, 3, 2)


def require(world: World, key: str, requirement: str, of: str = "mentors") -> None:
    ProgrammeModule.objects.create(
        programme=world.programme, module=key, requirement=requirement, required_of=of
    )


def finish(person, key: str) -> None:
    scenario_choice = {"trust": "write", "engagement": "update", "forming": "ask"}[key]
    services.module_answer(actor=person, key=key, choice=scenario_choice)
    services.module_complete(actor=person, key=key)


@pytest.fixture
def pool(world: World) -> World:
    for seed, person in enumerate((world.owner, world.partner, world.participant)):
        give_intake(person, seed=seed)
    MatchingSettings.objects.get_or_create(programme=world.programme)
    return world


def test_before_matching_leaves_people_out_of_the_pool_until_done(pool: World) -> None:
    require(pool, "trust", "before_matching", of="everyone")
    data = engine_inputs(pool.programme, today=TODAY)
    assert data.mentees == [] and data.mentors == []
    assert data.modules_missing == sorted([pool.owner.pk, pool.participant.pk])
    assert data.mentors_waiting == [pool.partner.pk]
    finish(pool.owner, "trust")
    finish(pool.partner, "trust")
    data = engine_inputs(pool.programme, today=TODAY)
    assert [p.id for p in data.mentees] == [pool.owner.pk]
    assert [p.id for p in data.mentors] == [pool.partner.pk]
    assert data.modules_missing == [pool.participant.pk]


def test_a_run_names_the_reason_for_those_left_out(pool: World) -> None:
    require(pool, "trust", "before_matching", of="mentees")
    require(pool, "forming", "before_matching", of="mentors")
    finish(pool.owner, "trust")
    run = run_execute(run_start(actor=pool.manager, programme=pool.programme).pk, today=TODAY)
    reasons = {u["mentee"]: u["reason"] for u in run.unmatched}
    assert reasons[pool.participant.pk] == "modules_required"
    page = client_for(pool.manager).get(f"/matching/runs/{run.pk}/").content.decode()
    assert "Required practice modules not done" in page
    assert "1 mentor left out until they finish required practice modules" in page
    finish(pool.partner, "forming")
    run = run_execute(run_start(actor=pool.manager, programme=pool.programme).pk, today=TODAY)
    assert pool.owner.pk not in {u["mentee"] for u in run.unmatched}  # matched now


def test_a_manager_pin_overrides_the_requirement(pool: World) -> None:
    require(pool, "trust", "before_matching", of="everyone")
    data = engine_inputs(pool.programme, today=TODAY, pins=((pool.owner.pk, pool.partner.pk),))
    assert [p.id for p in data.mentees] == [pool.owner.pk]
    assert [p.id for p in data.mentors] == [pool.partner.pk]


def test_a_mentee_cannot_ask_for_a_mentor_before_the_required_module(pool: World) -> None:
    MatchingSettings.objects.filter(programme=pool.programme).update(self_match=True)
    require(pool, "trust", "before_matching", of="mentees")
    with pytest.raises(Forbidden) as refused:
        mentor_request_create(
            actor=pool.owner, programme=pool.programme, mentor_id=pool.partner.pk, today=TODAY
        )
    assert "“Build trust”" in refused.value.message
    assert "Alpha Programme asks mentees" in refused.value.message
    assert "before you can ask for a mentor" in refused.value.message
    assert not MentorRequest.objects.exists()
    with translation.override("de"), pytest.raises(Forbidden) as in_german:
        mentor_request_create(
            actor=pool.owner, programme=pool.programme, mentor_id=pool.partner.pk, today=TODAY
        )
    assert in_german.value.message.startswith("Schließen Sie zuerst das Übungsmodul")
    assert "vor dem Matching abzuschließen, bevor Sie um einen Mentor bitten" in (
        in_german.value.message
    )
    page = client_for(pool.owner).get("/programmes/alpha/suggestions/").content.decode()
    assert "asks mentees to finish" in page
    finish(pool.owner, "trust")
    mentor_request_create(
        actor=pool.owner, programme=pool.programme, mentor_id=pool.partner.pk, today=TODAY
    )
    assert MentorRequest.objects.count() == 1


def test_a_mentor_cannot_accept_before_the_required_module(pool: World) -> None:
    MatchingSettings.objects.filter(programme=pool.programme).update(self_match=True)
    request = mentor_request_create(
        actor=pool.owner, programme=pool.programme, mentor_id=pool.partner.pk, today=TODAY
    )
    require(pool, "engagement", "before_matching", of="mentors")
    with pytest.raises(Forbidden, match="Clarify the rules of engagement"):
        mentor_request_respond(actor=pool.partner, request_id=request.pk, accept=True)
    request.refresh_from_db()
    assert request.status == "pending" and not Relationship.objects.exists()
    finish(pool.partner, "engagement")
    mentor_request_respond(actor=pool.partner, request_id=request.pk, accept=True)
    assert Relationship.objects.filter(mentor=pool.partner, mentee=pool.owner).exists()


@pytest.fixture
def month_old(world: World) -> Relationship:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    Relationship.objects.filter(pk=pair.pk).update(
        started_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    )
    pair.refresh_from_db()
    return pair


def propose(pair: Relationship, actor, now: dt.datetime):
    start = (now + dt.timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    return meeting_propose(
        actor=actor, relationship=pair, start=start, minutes=45, zone="Europe/London", now=now
    )


def test_first_month_modules_hold_back_proposals_only_after_the_month(
    world: World, month_old: Relationship
) -> None:
    require(world, "trust", "first_month", of="mentors")
    within = month_old.started_at + FIRST_MONTH - dt.timedelta(hours=1)
    propose(month_old, world.partner, within)  # still inside the first month
    after = month_old.started_at + FIRST_MONTH
    with pytest.raises(Forbidden) as refused:
        propose(month_old, world.partner, after)
    assert "in the first month (it was due 1 April)" in refused.value.message
    assert "before you can propose meetings" in refused.value.message
    propose(month_old, world.owner, after + dt.timedelta(days=1))  # not asked of mentees
    finish(world.partner, "trust")
    propose(month_old, world.partner, after + dt.timedelta(days=7))
    assert month_old.meetings.count() == 3


def test_the_person_sees_what_is_asked_of_them_and_by_when(
    world: World, month_old: Relationship
) -> None:
    require(world, "trust", "first_month", of="mentors")
    require(world, "forming", "before_matching", of="everyone")
    asked = required_of_person(world.partner, now=month_old.started_at)
    assert [(r.module.key, r.done) for r in asked] == [("forming", False), ("trust", False)]
    trust = next(r for r in asked if r.module.key == "trust")
    assert trust.due == month_old.started_at + FIRST_MONTH
    home = client_for(world.partner).get("/").content.decode()
    assert "Practice modules asked of you" in home and "Build trust" in home
    finish(world.partner, "trust")
    assert [
        r.module.key
        for r in required_of_person(world.partner, now=month_old.started_at)
        if not r.done
    ] == ["forming"]
    assert not required_of_person(world.outsider, now=month_old.started_at)
