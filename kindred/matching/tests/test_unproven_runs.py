"""A run the search could not prove optimal is never published silently
(issue 21, point 2): the run page and the API say in words how many more
people might be matched and by how much the total could rise, publishing
asks for explicit confirmation, and `manage.py match` exits non-zero unless
--accept-gap is given. Budgets are settings."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kindred.conftest import World, api_client_for, client_for
from kindred.matching.models import MatchRun, Proposal
from kindred.matching.optimality import unproven_statement
from kindred.matching.tests.conftest import TIGHT, finished_run


def _unproven_run(world: World) -> MatchRun:
    with TIGHT:
        run = finished_run(world)
    assert run.status == MatchRun.Status.DONE
    return run


def test_the_run_page_says_in_words_what_an_unproven_run_may_miss(twins: World) -> None:
    run = _unproven_run(twins)
    assert not run.certified and run.stopped == "rounds" and run.more_matchable == 1
    assert run.gap is not None and run.gap > 0
    page = client_for(twins.manager).get(f"/matching/runs/{run.pk}/").content.decode()
    assert "Not proven the best possible" in page
    assert "the search stopped at its limit of rounds" in page
    assert "Up to 1 more mentee might be matched" in page
    assert f"{run.possible_improvement:.3f} higher" in page
    assert 'name="accept_gap"' in page and "required" in page
    # The twin left out is not told every mentor is full: one has room.
    assert [u["reason"] for u in run.unmatched] == ["search_stopped"]
    assert "A suitable mentor has room, but the search stopped before placing them" in page
    listing = client_for(twins.manager).get(f"/programmes/{twins.programme.slug}/matching/")
    assert "Not proven" in listing.content.decode()


def test_publishing_an_unproven_run_needs_the_managers_confirmation(twins: World) -> None:
    run = _unproven_run(twins)
    manager = client_for(twins.manager)
    refused = manager.post(f"/matching/runs/{run.pk}/publish/")
    assert refused.status_code == 409
    assert "not proven optimal" in refused.content.decode()
    assert not Proposal.objects.filter(run=run, status="published").exists()
    accepted = manager.post(f"/matching/runs/{run.pk}/publish/", {"accept_gap": "1"})
    assert accepted.status_code == 302
    assert Proposal.objects.filter(run=run, status="published").exists()


def test_the_api_reports_the_gap_and_refuses_a_silent_publication(twins: World) -> None:
    run = _unproven_run(twins)
    api = api_client_for(twins.manager)
    body = api.get(f"/api/v1/match-runs/{run.pk}").json()
    assert body["certified"] is False and body["stopped"] == "rounds"
    assert body["more_matchable"] == 1 and body["possible_improvement"] > 0
    assert body["unproven"].startswith("This run is not proven optimal")
    refused = api.post(f"/api/v1/match-runs/{run.pk}/publish")
    assert refused.status_code == 409 and "accept the gap" in refused.json()["detail"]
    assert api.post(f"/api/v1/match-runs/{run.pk}/publish?accept_gap=true").status_code == 200


def test_a_proven_run_says_so_and_publishes_without_a_question(twins: World) -> None:
    run = finished_run(twins)  # the default budgets
    assert run.certified and run.gap == 0 and not run.stopped
    page = client_for(twins.manager).get(f"/matching/runs/{run.pk}/").content.decode()
    assert "Best possible" in page and "Not proven the best possible" not in page
    assert (
        api_client_for(twins.manager).get(f"/api/v1/match-runs/{run.pk}").json()["unproven"] == ""
    )
    assert client_for(twins.manager).post(f"/matching/runs/{run.pk}/publish/").status_code == 302


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_match_command_exits_non_zero_unless_the_gap_is_accepted(
    twins: World, dry_run: bool
) -> None:
    slug = twins.programme.slug
    errors = io.StringIO()
    with TIGHT, pytest.raises(CommandError, match="--accept-gap"):
        call_command("match", programme=slug, dry_run=dry_run, stdout=io.StringIO(), stderr=errors)
    assert "Up to 1 more mentee might be matched" in errors.getvalue()
    with TIGHT:
        call_command(
            "match", programme=slug, dry_run=dry_run, accept_gap=True, stdout=io.StringIO()
        )
    call_command("match", programme=slug, dry_run=dry_run, stdout=io.StringIO())  # proven


def test_the_statement_covers_every_budget_and_the_everyone_matched_case() -> None:
    assert unproven_statement("", 0, 0.0) == ""
    assert "time budget" in unproven_statement("time", 3, 1.5)
    assert "Up to 3 more mentees might be matched" in unproven_statement("time", 3, 1.5)
    memory = unproven_statement("memory", 0, 0.25)
    assert "memory budget" in memory and "Everyone who can be matched is matched" in memory
    assert "0.250 higher" in memory


def test_the_statement_is_said_in_the_managers_language() -> None:
    from django.utils import translation

    with translation.override("de"):
        memory = unproven_statement("memory", 0, 0.25)
        one_more = unproven_statement("rounds", 1, 1.5)
    assert memory.startswith("Dieser Lauf ist nicht als optimal nachgewiesen")
    assert "Speicherbudget" in memory and "0,250 höher" in memory
    assert "Bis zu 1 weiterer Mentee könnte zugeordnet werden" in one_more
