from __future__ import annotations

import pytest
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
