from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import timezone

from kindred.accounts.models import User
from kindred.conftest import World, give_intake, make_user
from kindred.matching import services
from kindred.matching.models import MatchRun, Proposal
from kindred.programs.models import Membership


@pytest.fixture
def matched_world(world: World) -> World:
    """The world with complete intakes, one more mentor, and a finished run
    in which the owner (mentee) is proposed to the partner (mentor)."""
    for n, user in enumerate([world.owner, world.partner, world.participant]):
        give_intake(user, seed=n)
    return world


def finished_run(world: World) -> MatchRun:
    run = services.run_start(actor=world.manager, programme=world.programme)
    return services.run_execute(run.pk, today=timezone.localdate())


def proposal_for(run: MatchRun, mentee: User) -> Proposal:
    return run.proposals.get(mentee=mentee)


def add_mentor(world: World, email: str, *, seed: int, capacity: int | None = None) -> User:
    mentor = make_user(email, email.split("@")[0].title())
    Membership.objects.create(
        programme=world.programme, user=mentor, role="mentor", capacity=capacity
    )
    give_intake(mentor, seed=seed)
    return mentor


# One candidate per mentee and no rounds to improve on it: two mentees with
# the same answers both name the same mentor first, so one is left out while
# another mentor is free, and the search has no round left to find it.
TIGHT = override_settings(KINDRED_MATCHING_CANDIDATES_PER_MENTEE=1, KINDRED_MATCHING_MAX_ROUNDS=0)


@pytest.fixture
def twins(world: World) -> World:
    """Two mentees with the same answers and two mentors of one place each."""
    give_intake(world.owner, seed=0)
    give_intake(world.participant, seed=0)  # the same answers as the owner
    give_intake(world.partner, seed=1)
    Membership.objects.filter(user=world.partner, programme=world.programme).update(capacity=1)
    add_mentor(world, "second.mentor@example.com", seed=2, capacity=1)
    return world
