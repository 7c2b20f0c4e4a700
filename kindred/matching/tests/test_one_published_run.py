"""At most one published run with open proposals per programme (issue 30,
point 10): a second publication is refused with a clear message and changes
nothing, unless it says it supersedes the first, whose open proposals are
withdrawn and the people concerned told once."""

from __future__ import annotations

import pytest

from kindred.conftest import World, api_client_for, client_for, give_intake
from kindred.lib.errors import Conflict
from kindred.matching import services
from kindred.matching.models import MatchRun, Proposal
from kindred.matching.tests.conftest import finished_run
from kindred.notifications.models import Notification


@pytest.fixture
def two_runs(world: World) -> tuple[MatchRun, MatchRun]:
    for n, person in enumerate([world.owner, world.partner, world.participant]):
        give_intake(person, seed=n)
    # Two drafts for the same people, as a manager trying options makes them.
    first, second = finished_run(world), finished_run(world)
    services.run_publish(actor=world.manager, run=first)
    return first, second


def test_a_second_publication_is_refused_and_changes_nothing(
    world: World, two_runs: tuple[MatchRun, MatchRun]
) -> None:
    first, second = two_runs
    with pytest.raises(Conflict) as refused:
        services.run_publish(actor=world.manager, run=second)
    assert "still wait for answers" in refused.value.message
    response = api_client_for(world.manager).post(f"/api/v1/match-runs/{second.pk}/publish")
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    page = client_for(world.manager).get(f"/matching/runs/{second.pk}/")
    assert "Publish in place of the earlier run" in page.content.decode()
    assert not Proposal.objects.filter(run=second, status="published").exists()
    assert not Proposal.objects.filter(run=first, status="withdrawn").exists()


def test_superseding_withdraws_the_open_proposals_and_tells_each_person_once(
    world: World, two_runs: tuple[MatchRun, MatchRun]
) -> None:
    first, second = two_runs
    open_before = list(Proposal.objects.filter(run=first, status="published"))
    assert open_before
    response = client_for(world.manager).post(
        f"/matching/runs/{second.pk}/publish/",
        {"supersede": "1"},
    )
    assert response.status_code == 302
    assert not Proposal.objects.filter(run=first, status="published").exists()
    assert Proposal.objects.filter(run=second, status="published").exists()
    told = Notification.objects.filter(kind="proposal_withdrawn")
    people = {p.mentee_id for p in open_before} | {p.mentor_id for p in open_before}
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        person for p in open_before for person in (p.mentee_id, p.mentor_id)
    )
    assert set(told.values_list("recipient_id", flat=True)) == people
