"""Benchmark: the manager's review of a match run of 10,000 pairs.

    .venv/bin/python bench/review.py [--mentees 10000 --mentors 3000]

Matches the matching benchmark's random cohort (bench/matching.py: 10,000
mentees, 3,000 mentors of capacity 4) with the engine, writes the run and
its proposals with people behind them on SQLite (a real file, WAL), then
times the review pages a manager opens: the first page, a name search, a
score band, a page deep in the list, the list alone as HTMX asks for it,
and a swap search. Median server time of five requests, and queries."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_people import setup_django

BATCH = 5000
BUDGET_MS = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=3_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        figures = run(args.mentees, args.mentors)
    print(f"match run review, {figures['pairs']:,} pairs ({args.mentees:,} mentees, "
          f"{args.mentors:,} mentors)")  # fmt: skip
    print(f"  matching and writing the run: {figures['build']:.1f} s")
    for name, (seconds, queries) in figures["pages"].items():
        flag = "" if seconds * 1000 <= BUDGET_MS else f"  (over the {BUDGET_MS} ms budget)"
        print(f"  {name}: median {seconds * 1000:.0f} ms server time, {queries} queries{flag}")


def run(mentees: int, mentors: int) -> dict[str, Any]:
    started = time.perf_counter()
    run_row, manager, proposal = build(mentees, mentors)
    figures: dict[str, Any] = {"build": time.perf_counter() - started}
    figures["pairs"] = run_row.proposals.count()
    base = f"/matching/runs/{run_row.pk}/"
    htmx = {"HX-Request": "true", "HX-Target": "proposals"}
    pages = {
        "first page": (base, {}),
        "search by name": (base + "?q=Person%201234", {}),
        "strong matches only": (base + "?band=strong", {}),
        "a page deep in the list": (base + "?page=150&order=mentee", {}),
        "the list alone (HTMX)": (base + "?q=Person%2012", htmx),
        "swap: find a mentor": (f"/matching/proposals/{proposal}/swap/?q=Person%2099", {}),
    }
    figures["pages"] = {
        name: _serve(manager, url, headers) for name, (url, headers) in pages.items()
    }
    return figures


def _serve(user: Any, url: str, headers: dict[str, str]) -> tuple[float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    client.force_login(user)
    times = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client.get(url, headers=headers)  # warm: templates compiled, session read once
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                response = client.get(url, headers=headers)
                times.append(time.perf_counter() - begun)
            assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(queries)


def build(mentee_count: int, mentor_count: int) -> tuple[Any, Any, int]:
    """The run, the manager who reviews it, and one proposal's id."""
    from django.contrib.auth.hashers import make_password

    from bench.matching import cohort
    from kindred.accounts.models import User
    from kindred.engines.matching import Settings, match
    from kindred.matching.models import MatchRun, Proposal
    from kindred.programs.models import Membership, Programme

    mentees, mentors, lines = cohort("random", mentee_count, mentor_count)
    result = match(mentees, mentors, Settings(reporting_lines=lines))
    programme = Programme.objects.create(
        slug="bench", name="Bench", start_date="2027-01-01", end_date="2027-12-31",
        status="matching",
    )  # fmt: skip
    password = make_password(None)
    people = [*mentees, *mentors]
    User.objects.bulk_create(
        [User(email=f"p{p.id}@bench.example", full_name=f"Person {p.id}", password=password)
         for p in people],
        batch_size=BATCH,
    )  # fmt: skip
    ids = dict(User.objects.filter(email__endswith="@bench.example").values_list("email", "pk"))
    user_of = {p.id: ids[f"p{p.id}@bench.example"] for p in people}
    Membership.objects.bulk_create(
        [Membership(programme=programme, user_id=user_of[p.id],
                    role="mentee" if n < len(mentees) else "mentor")
         for n, p in enumerate(people)],
        batch_size=BATCH,
    )  # fmt: skip
    manager = User.objects.create_user("manager@bench.example", "a-long-bench-password")
    programme.managers.add(manager)
    run = MatchRun.objects.create(
        programme=programme, status=MatchRun.Status.DONE, objective=result.objective,
        bound=result.bound, gap=result.gap, mentees_considered=len(mentees),
        mentors_considered=len(mentors),
    )  # fmt: skip
    reason = [{"text": "You share what you value at work and when you can meet."}]
    Proposal.objects.bulk_create(
        [Proposal(run=run, mentee_id=user_of[pair.mentee_id], mentor_id=user_of[pair.mentor_id],
                  score=pair.score, mentee_reasons=reason, mentor_reasons=reason)
         for pair in result.pairs],
        batch_size=BATCH,
    )  # fmt: skip
    first = run.proposals.values_list("pk", flat=True).first()
    assert first is not None
    return run, manager, first


if __name__ == "__main__":
    main()
