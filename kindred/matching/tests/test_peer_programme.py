"""A peer programme: one pool with no mentor side, paired by the peer
engine (certified or with its gap said), explained to each side, and a
relationship when both accept, within each person's capacity."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kindred.accounts.models import User
from kindred.conftest import World, enrol, give_intake, make_user
from kindred.lib.errors import Conflict
from kindred.matching import services
from kindred.matching.models import MatchRun, Proposal
from kindred.matching.optimality import run_statement
from kindred.programs.models import Membership, Programme
from kindred.relationships.models import Relationship


@pytest.fixture
def peers(world: World) -> list[User]:
    world.programme.format = Programme.Format.PEER
    world.programme.save(update_fields=["format"])
    people = [world.owner, world.partner, world.participant]
    for n in range(5):
        person = make_user(f"peer{n}@test.example", f"Peer {n}")
        enrol(person, world.programme, "mentee" if n % 2 else "mentor")  # roles do not matter
        people.append(person)
    for n, person in enumerate(people):
        give_intake(person, seed=n)
    return people


def run_of(world: World) -> MatchRun:
    run = services.run_start(actor=world.manager, programme=world.programme)
    return services.run_execute(run.pk, today=timezone.localdate())


def test_one_pool_is_paired_and_each_side_reads_why(world: World, peers: list[User]) -> None:
    run = run_of(world)
    assert run.status == MatchRun.Status.DONE, run.error
    assert run.certified, run_statement(run)
    pairs = list(run.proposals.all())
    assert len(pairs) == 4  # eight people, one pair each
    placed = [p for pair in pairs for p in (pair.mentee_id, pair.mentor_id)]
    assert sorted(placed) == sorted(p.pk for p in peers)  # no mentor side: anyone with anyone
    assert all(p.mentee_reasons and p.mentor_reasons for p in pairs)


def test_a_person_with_room_for_two_is_in_two_pairs(world: World, peers: list[User]) -> None:
    Membership.objects.filter(user=world.owner, programme=world.programme).update(capacity=2)
    make_user("ninth@test.example", "Nia Ninth")
    ninth = User.objects.get(email="ninth@test.example")
    enrol(ninth, world.programme, "mentee")
    give_intake(ninth, seed=40)
    run = run_of(world)
    owners = (
        run.proposals.filter(mentee=world.owner).count()
        + run.proposals.filter(mentor=world.owner).count()
    )
    assert owners == 2
    services.run_publish(actor=world.manager, run=run, accept_gap=True)
    for proposal in Proposal.objects.filter(run=run):
        for person in (proposal.mentee, proposal.mentor):
            services.proposal_decide(actor=person, proposal_id=proposal.pk, accept=True)
    mine = (
        Relationship.objects.filter(peer=True, status="active").filter(mentee=world.owner).count()
        + Relationship.objects.filter(peer=True, status="active", mentor=world.owner).count()
    )
    assert mine == 2


def test_no_one_goes_beyond_their_capacity(world: World, peers: list[User]) -> None:
    from django.db import transaction

    from kindred.relationships.services import relationship_start

    with transaction.atomic():
        relationship_start(
            programme=world.programme, mentor=peers[0], mentee=peers[1], source="matching"
        )
    with pytest.raises(Conflict, match="no room for another peer"), transaction.atomic():
        relationship_start(
            programme=world.programme, mentor=peers[2], mentee=peers[0], source="matching"
        )
    assert run_of(world).mentees_considered == len(peers) - 2  # the two paired wait


def test_a_peer_pairs_page_names_them_as_peers(world: World, peers: list[User]) -> None:
    from django.db import transaction

    from kindred.conftest import client_for
    from kindred.relationships.services import relationship_start

    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=peers[0], mentee=peers[1], source="matching"
        )
    assert pair.peer
    page = client_for(peers[0]).get(f"/relationships/{pair.pk}/").content.decode()
    assert f"{peers[0].display_name} and {peers[1].display_name}, peers" in page
    form = client_for(peers[1]).get(f"/relationships/{pair.pk}/agreement/").content.decode()
    assert f"Hours off limits for {peers[0].display_name}" in form
    assert "for the mentor" not in form


def test_both_peers_read_the_guide_for_peers_and_lead_in_turn(
    world: World, peers: list[User]
) -> None:
    from django.db import transaction

    from kindred.conftest import client_for
    from kindred.relationships.services import relationship_start

    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=peers[0], mentee=peers[1], source="matching"
        )
    for person in peers[:2]:  # the side a peer was stored on changes nothing
        page = client_for(person).get(f"/relationships/{pair.pk}/guide/").content.decode()
        assert "Mentoring each other" in page and "Split the time, on purpose" in page
        assert "Your first meeting" in page and "Tip for this stage" in page
        assert "Mentor tip" not in page and "someone more senior" not in page
        assert "Either of you reaches out" in page and "Take turns going first" in page
        assert "mentee" not in page.split("<main")[1].lower()  # nothing speaks to a mentor
    world.programme.format = Programme.Format.ONE_TO_ONE  # a pair's guide has none of it
    world.programme.save(update_fields=["format"])
    one_to_one = relationship_start(
        programme=world.programme, mentor=peers[3], mentee=peers[2], source="matching"
    )
    page = client_for(peers[2]).get(f"/relationships/{one_to_one.pk}/guide/").content.decode()
    assert "Mentoring each other" not in page and "Your first meeting" not in page
