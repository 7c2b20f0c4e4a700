"""In Chromium: the programme manager opens the demo programme's dashboard,
the charts render, a department filter applies, and the CSV downloads."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from kindred.conftest import signed_in
from kindred.demo.builder import DEMO_PASSWORD, MAIN_SLUG, SIGN_INS, build_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_reads_the_dashboard_filters_and_downloads(
    browser, live_server, tmp_path: Path
) -> None:
    build_demo()
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    page = signed_in(
        browser, base, SIGN_INS["Programme manager"], password=DEMO_PASSWORD, accept_downloads=True
    )
    page.goto(f"{base}/programmes/{MAIN_SLUG}/")
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("img", name="Enrolment and intake completion").wait_for()
    for name in ("Meetings held per week", "Mean health score over time", "Health scores now"):
        assert page.get_by_role("img", name=name).is_visible()
    page.screenshot(path=str(shots / "dashboard-desk.png"), full_page=True)

    departments = page.get_by_label("Mentee's department")
    choice = departments.locator("option").nth(1).get_attribute("value")
    assert choice
    departments.select_option(choice)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"**department={choice.replace(' ', '+')}**")
    assert page.get_by_label("Mentee's department").input_value() == choice

    with page.expect_download() as caught:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(Path(caught.value.path()).read_text())))
    assert rows[0][:3] == ["relationship", "mentor", "mentee"]
    assert all(row[4] == choice for row in rows[1:])  # the mentee's department
    page.context.close()
