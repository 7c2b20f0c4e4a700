"""In Chromium, at desktop and phone widths: a manager reads why a run is
not proven optimal and cannot publish it without ticking the confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest

from kindred.conftest import World, signed_in
from kindred.matching import services
from kindred.matching.models import MatchRun, Proposal
from kindred.matching.tests.conftest import TIGHT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_an_unproven_run_is_published_only_after_the_manager_accepts_the_gap(
    browser, live_server, twins: World, tmp_path: Path, width: int
) -> None:
    with TIGHT:  # the run's task runs as the start commits
        services.run_start(actor=twins.manager, programme=twins.programme)
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.DONE and not run.certified
    page = signed_in(browser, live_server.url, twins.manager.email, width=width)
    page.goto(f"{live_server.url}/matching/runs/{run.pk}/")
    warning = page.get_by_role("alert")
    assert "Up to 1 more mentee might be matched" in warning.inner_text()
    page.screenshot(path=str(tmp_path / f"unproven-{width}.png"), full_page=True)
    page.get_by_role("button", name="Publish").click()  # the box is not ticked
    assert not Proposal.objects.filter(run=run, status="published").exists()
    page.get_by_label("I publish this run knowing it is not proven optimal").check()
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("dialog").get_by_role("button", name="Publish and e-mail").click()
    page.get_by_text("Published").first.wait_for()
    assert Proposal.objects.filter(run=run, status="published").exists()
