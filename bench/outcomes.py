"""Benchmark: the outcome estimates at organisation scale.

    .venv/bin/python bench/outcomes.py                  # the estimates alone
    .venv/bin/python bench/outcomes.py --people 20000 --programmes 4
    .venv/bin/python bench/outcomes.py --database       # the full report from a database

With --database: an organisation written to a SQLite file (people, five
years of dated HR changes, programmes with their relationships), then the
report the outcomes pages build, timed from the database: every HR change
read into timelines, and every programme's two sides compared on three
outcomes; and the report pooled across programmes.

An organisation of 100,000 people, 10,000 of them participants across 20
programmes (mentees and mentors apart, so 40 cohorts), each compared on
three outcomes (retention at 6 and 12 months, promotion with the year
before for a difference in differences): every propensity model and
estimate the report needs, timed together, with the process's peak memory.
The synthetic organisation is the calibration tests' (selection on level
and tenure), so the figures come with the share of intervals that cover
the planted effect."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from kindred.engines.outcomes.comparison import Cohort, Comparison, Outcome, compare
from kindred.engines.outcomes.synthetic import organisation

PLANTED = 0.05


def cohorts(people: int, programmes: int, participants: int) -> list[tuple[Cohort, dict]]:
    """One cohort per programme and side: the organisation as it stood at
    the programme's start, its participants on that side marked."""
    made = []
    share = participants / people / (2 * programmes)
    for index in range(2 * programmes):
        cohort, stayed = organisation(index, people=people, effect=PLANTED, share=share)
        rng = np.random.default_rng(10_000 + index)
        early = np.where(stayed.after == 0, rng.random(people) < 0.5, 0.0)  # left within 6 months
        promoted_before = (rng.random(people) < 0.1).astype(float)
        promoted = (rng.random(people) < 0.1).astype(float)
        outcomes = {
            "retained_6": Outcome(1.0 - early),
            "retained_12": stayed,
            "promoted": Outcome(promoted, promoted_before),
        }
        made.append((cohort, outcomes))
    return made


def run(people: int, programmes: int, participants: int) -> dict[str, object]:
    made = cohorts(people, programmes, participants)
    started = time.perf_counter()
    found = [compare(cohort, outcomes) for cohort, outcomes in made]
    seconds = time.perf_counter() - started
    compared = [c for c in found if isinstance(c, Comparison)]
    covered = [
        c.effects["retained_12"].effect.low <= PLANTED <= c.effects["retained_12"].effect.high
        for c in compared
    ]
    return {
        "people": people,
        "cohorts": len(made),
        "participants": sum(c.participants for c in compared),
        "seconds": round(seconds, 2),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "balanced": sum(c.balanced for c in compared),
        "covered_12_month_effect": f"{sum(covered)} of {len(covered)}",
    }


def setup_django(database: Path) -> None:
    import os

    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("KINDRED_TESTING", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def write_organisation(people: int, programmes: int, participants: int, seed: int = 5) -> int:
    """People with five years of HR changes, and programmes started over
    those years whose participants lean junior and new. Returns the
    number of HR changes written."""
    import datetime as dt

    from kindred.accounts.models import HrChange, User
    from kindred.programs.models import Membership, Programme
    from kindred.relationships.models import Relationship

    rng = np.random.default_rng(seed)
    today = dt.date.today()
    User.objects.bulk_create(
        (User(email=f"p{n}@bench.example", full_name=f"Person {n}", password="!")
         for n in range(people)),
        batch_size=5000,
    )  # fmt: skip
    ids = np.array(User.objects.order_by("pk").values_list("pk", flat=True))
    tenure = rng.gamma(2.0, 2.6, len(ids))
    level = rng.integers(1, 6, len(ids))
    changes = []
    for n, person in enumerate(ids.tolist()):
        hired = today - dt.timedelta(days=int(tenure[n] * 365.25))
        changes += [
            HrChange(person_id=person, on=hired, kind="hired"),
            HrChange(person_id=person, on=hired, kind="level", value=str(level[n])),
            HrChange(person_id=person, on=hired, kind="department", value=f"D{n % 40}"),
            HrChange(person_id=person, on=hired, kind="location", value=f"L{n % 25}"),
        ]
        if tenure[n] > 1 and rng.random() < 0.45:
            risen = hired + dt.timedelta(days=int(rng.integers(200, int(tenure[n] * 365))))
            changes.append(
                HrChange(person_id=person, on=risen, kind="level", value=str(level[n] + 1))
            )
        if rng.random() < 0.35:
            left = today - dt.timedelta(
                days=int(rng.integers(1, min(5 * 365, int(tenure[n] * 365) + 2)))
            )
            changes.append(HrChange(person_id=person, on=left, kind="left", value="voluntary"))
    HrChange.objects.bulk_create(changes, batch_size=5000)
    each = participants // programmes
    chosen = rng.permutation(ids)[: each * programmes].reshape(programmes, each)
    for index in range(programmes):
        start = today - dt.timedelta(days=int(400 + index * 70))
        programme = Programme.objects.create(
            slug=f"bench-{index}", name=f"Bench {index}", start_date=start,
            end_date=start + dt.timedelta(days=365),
        )  # fmt: skip
        mentors, mentees = chosen[index][: each // 5], chosen[index][each // 5 :]
        Membership.objects.bulk_create(
            [Membership(programme=programme, user_id=int(p), role="mentor") for p in mentors]
            + [Membership(programme=programme, user_id=int(p), role="mentee") for p in mentees]
        )
        began = dt.datetime.combine(start, dt.time(9), dt.UTC)
        Relationship.objects.bulk_create(
            Relationship(programme=programme, mentor_id=int(mentors[n % len(mentors)]),
                         mentee_id=int(p), status="completed", started_at=began)
            for n, p in enumerate(mentees)
        )  # fmt: skip
    return len(changes)


def run_report() -> dict[str, object]:
    """The report as the pages build it: timelines read, every programme
    compared, the comparisons pooled."""
    import datetime as dt

    from kindred.outcomes import timelines
    from kindred.outcomes.report import programme_outcomes, rolled_up, took_part
    from kindred.programs.models import Programme

    started = time.perf_counter()
    found = timelines.load()
    loaded = time.perf_counter() - started
    ever = took_part()
    reports = [
        programme_outcomes(programme, found, today=dt.date.today(), ever=ever)
        for programme in Programme.objects.order_by("pk")
    ]
    pooled = rolled_up(reports)
    return {
        "read_hr_changes_s": round(loaded, 2),
        "full_report_s": round(time.perf_counter() - started, 2),
        "programmes": len(reports),
        "pooled_rows": len(pooled),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--programmes", type=int, default=20)
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--database", action="store_true", help="the full report from SQLite")
    args = parser.parse_args()
    if not args.database:
        print(json.dumps(run(args.people, args.programmes, args.participants), indent=2))
        return
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        started = time.perf_counter()
        changes = write_organisation(args.people, args.programmes, args.participants)
        written = round(time.perf_counter() - started, 1)
        figures = {"hr_changes": changes, "written_s": written, **run_report()}
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
