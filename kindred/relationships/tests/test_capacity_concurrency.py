"""Capacity holds when many people accept at the same moment: the accepting
transaction locks the mentor's membership row, so the accepts queue up."""

from __future__ import annotations

import time

import pytest
from django.db import connection, transaction

from kindred.conftest import at_once, enrol, make_programme, make_user
from kindred.lib.errors import Conflict
from kindred.matching.models import Decision, MatchRun, Proposal
from kindred.matching.services import proposal_decide
from kindred.programs.models import Membership
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

MENTEES = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.parametrize("path", ["proposal accept", "relationship start"])
def test_simultaneous_accepts_never_exceed_capacity(monkeypatch, path: str) -> None:
    # Widen the window between counting a mentor's mentees and adding one,
    # so that without the row lock the race would be lost every time.
    from kindred.relationships import services

    real_capacity = services.mentor_capacity

    def slow_capacity(membership: Membership) -> int:
        time.sleep(0.2)
        return real_capacity(membership)

    monkeypatch.setattr(services, "mentor_capacity", slow_capacity)
    programme = make_programme("race", "Race")
    mentor = make_user("mentor@race.example", "Mo Mentor")
    enrol(mentor, programme, "mentor", capacity=2)
    run = MatchRun.objects.create(programme=programme, status=MatchRun.Status.DONE)
    proposals = []
    for n in range(MENTEES):
        mentee = make_user(f"m{n}@race.example", f"Mentee {n}")
        enrol(mentee, programme, "mentee")
        proposals.append(
            Proposal.objects.create(
                run=run,
                mentee=mentee,
                mentor=mentor,
                score=0.5,
                status=Proposal.Status.PUBLISHED,
                mentor_decision=Decision.ACCEPTED,
            )
        )

    def accept(proposal: Proposal) -> None:
        if path == "proposal accept":
            proposal_decide(actor=proposal.mentee, proposal_id=proposal.pk, accept=True)
        else:  # the capacity rule on its own, without the proposal's locks
            with transaction.atomic():
                relationship_start(
                    programme=programme, mentor=mentor, mentee=proposal.mentee, source="request"
                )

    results = at_once(accept, proposals, expected=(Conflict,))
    outcomes = ["full" if isinstance(r, Conflict) else "accepted" for r in results]
    assert sorted(outcomes) == ["accepted"] * 2 + ["full"] * (MENTEES - 2)
    assert Relationship.objects.filter(mentor=mentor, status="active").count() == 2
