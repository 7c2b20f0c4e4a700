"""Benchmark: import an HR export of N people into a programme on SQLite (a
real file in WAL mode, like a default install), then import it again.

    .venv/bin/python bench/import_people.py            # 10,000 rows
    .venv/bin/python bench/import_people.py --rows 2000

Prints the time for the first import (creates everyone), the re-import
(updates every row, creates nobody) and the rows per second."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Africa/Lagos", "Australia/Sydney")


def make_csv(rows: int, *, seed: int = 7, title: str = "Analyst") -> bytes:
    rng = random.Random(seed)
    lines = [
        "email,full_name,title,level,department,manager_email,location,timezone,languages,role"
    ]
    for n in range(rows):
        manager = f"person{n // 10}@bench.example" if n >= 10 else ""
        role = "mentor" if n % 4 == 0 else "mentee"
        lines.append(
            f"person{n}@bench.example,Person {n},{title},{rng.randint(1, 6)},Dept {n % 40},"
            f"{manager},City {n % 90},{rng.choice(ZONES)},en;fr,{role}"
        )
    return ("\n".join(lines) + "\n").encode()


def setup_django(database: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("KINDRED_TESTING", "1")
    # Background work queues as in production (a row for the worker) rather
    # than running inside the timed request, as the tests' backend does.
    os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def run(rows: int) -> dict[str, float]:
    from kindred.accounts.models import User
    from kindred.programs.models import Programme
    from kindred.programs.services import people_import

    programme = Programme.objects.create(
        slug="bench", name="Bench", start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31)
    )
    first_file, second_file = make_csv(rows), make_csv(rows, title="Senior Analyst")
    started = time.perf_counter()
    first = people_import(actor=None, programme=programme, data=first_file)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = people_import(actor=None, programme=programme, data=second_file)
    second_seconds = time.perf_counter() - started
    assert first.created == rows and second.created == 0 and second.updated == rows
    assert User.objects.filter(email__endswith="@bench.example").count() == rows
    return {"first": first_seconds, "second": second_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        figures = run(args.rows)
    print(f"people import, SQLite (WAL), {args.rows:,} rows")
    print(
        f"  first import (creates all):  {figures['first']:.2f} s  "
        f"({args.rows / figures['first']:,.0f} rows/s)"
    )
    print(
        f"  re-import (updates all):     {figures['second']:.2f} s  "
        f"({args.rows / figures['second']:,.0f} rows/s)"
    )


if __name__ == "__main__":
    main()
