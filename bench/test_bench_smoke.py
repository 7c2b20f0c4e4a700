"""The benchmark scripts keep working (with tiny inputs); their figures come
from running them by hand, never from timed tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench.import_people import make_csv, run


def test_import_benchmark_runs_end_to_end(db: None) -> None:
    figures = run(50)
    assert set(figures) == {"first", "second"}


def test_benchmark_file_is_a_valid_export() -> None:
    lines = make_csv(3).decode().splitlines()
    assert lines[0].startswith("email,full_name") and len(lines) == 4


FAMILIES = ["random", "identical", "near-identical", "celebrity", "discrete", "forbidden"]


@pytest.mark.parametrize("family", FAMILIES)
def test_matching_benchmark_runs_and_agrees_with_the_exact_solver(family: str) -> None:
    from bench.matching import run_size

    figures = run_size(family, 200, 60, compare=True)
    assert figures["gap"] == 0.0 and figures["certified"] is True
    assert figures["engine_vs_exact"] == 1.0
    assert figures["engine_matched_unpinned"] == figures["exact_matched"]


def test_slot_benchmark_calendars_produce_slots() -> None:
    import random

    from bench.slots import NOW, calendar
    from kindred.engines.scheduling import SlotRequest, find_slots

    rng = random.Random(1)
    offered = [find_slots(calendar(rng), calendar(rng), SlotRequest(now=NOW)) for _ in range(20)]
    assert any(offered)


def test_outbox_benchmark_sends_each_message_once(db: None) -> None:
    from bench.outbox import run

    _, duplicates, received = run(30)
    assert (duplicates, received) == (0, 30)


def test_health_benchmark_runs_end_to_end(db: None, settings) -> None:
    from bench.health import run

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    figures = run(30)
    assert figures["events"] > 1000 and figures["dashboard_queries"] <= 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the load benchmark needs PostgreSQL")
def test_load_benchmark_serves_every_route_without_errors() -> None:
    db = connection.settings_dict
    admin = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/postgres"
    # Long enough for the last of five people (one starts each second) to
    # visit every route once, pausing up to 1.5 s between them.
    tiny = ["--relationships", "30", "--duration", "15", "--ceiling-seconds", "2", "--users", "5"]
    result = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            *tiny,
            "--admin-url",
            admin,
            "--database",
            "kindred_load_smoke",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    routes = ["participant home", "relationship page", "suggested times", "message post"]
    routes += ["manager dashboard", "API participant list", "bare Django view"]
    assert all(route in result.stdout for route in routes), result.stdout + result.stderr
    assert "met: no errors" in result.stdout, result.stdout


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark needs PostgreSQL")
@pytest.mark.skipif(shutil.which("nginx") is None, reason="needs Debian's nginx")
def test_scale_out_benchmark_survives_its_kills() -> None:
    db = connection.settings_dict
    admin = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/postgres"
    tiny = ["--relationships", "30", "--duration", "25", "--kill-at", "10", "--users", "5"]
    where = ["--admin-url", admin, "--database", "kindred_scale_smoke"]
    result = subprocess.run(
        [sys.executable, "bench/scale_out.py", *tiny, *where],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=400,
    )
    said = result.stdout + result.stderr
    assert "killed web1 and worker1" in said, said
    for check in ["the survivors serve", "no e-mail lost", "no e-mail duplicated"]:
        assert f"met: {check}" in result.stdout, said


def test_review_benchmark_serves_every_page(db: None) -> None:
    from bench.review import run as review

    figures = review(60, 20)
    assert figures["pairs"] > 0 and len(figures["pages"]) == 6


def test_scim_benchmark_runs_end_to_end(db: None) -> None:
    from bench.scim import run as provision

    figures = provision(20)
    assert figures["per_second"] > 0


def test_calendar_benchmark_reads_every_calendar_through_kindreds_path(db: None) -> None:
    from bench.calendars import read_calendars

    figures = read_calendars(3)  # each read asserts it succeeded
    assert figures["intervals"] > 3 * 20 and figures["bytes"] > 0


def test_group_slot_benchmark_finds_times_for_its_circles() -> None:
    from bench.group_slots import run

    figures = run(groups=6)
    assert figures["groups"] == 6 and figures["fitting"] + figures["stretched"] > 0


def test_peer_matching_benchmark_pairs_its_pool() -> None:
    from bench.peer_matching import run

    figures = run(40, several=True)
    assert figures["pairs"] > 0 and figures["gap"] < 0.01


def test_circle_benchmark_forms_circles_both_ways() -> None:
    from bench.circles import run

    plain, mixed = run(60, 10, 0.0), run(60, 10, 0.05)
    assert plain["placed"] > 50 and mixed["placed"] > 50
    per_circle = [f["backgrounds"] / f["circles"] for f in (plain, mixed)]
    assert per_circle[1] >= per_circle[0]


def test_outcomes_benchmark_compares_every_cohort() -> None:
    from bench.outcomes import run

    figures = run(people=3000, programmes=2, participants=600)
    assert figures["cohorts"] == 4 and figures["balanced"] == 4


def test_outcomes_report_benchmark_reads_a_database(db: None) -> None:
    from bench.outcomes import run_report, write_organisation

    assert write_organisation(400, 2, 60) > 1600
    figures = run_report()
    assert figures["programmes"] == 2
