"""Benchmark: health for a programme of 10,000 relationships and about one
million events.

    .venv/bin/python bench/health.py [--relationships 10000]

Builds the programme on SQLite (a real file, WAL): people, relationships
started over the last ten months, and for each about 100 events (meetings,
commitments, messages, survey answers, comfort check-ins). Then times the
recomputation of every health score, and the server time and query count of
the programme dashboard and the at-risk list (median of five requests), and
prints peak memory."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_people import setup_django

BATCH = 5000
COMFORT = [2] + [3] * 2 + [4] * 5 + [5] * 12  # mostly comfortable, now and then not


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--relationships", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        figures = run(args.relationships)
    print(f"health, {args.relationships:,} relationships, {figures['events']:,} events")
    print(f"  building the data: {figures['build']:.1f} s")
    print(f"  recomputing every health score: {figures['compute']:.1f} s "
          f"({figures['at_risk']:,} at risk)")  # fmt: skip
    for page in ("dashboard", "dashboard_one_department", "at_risk_list"):
        print(f"  {page.replace('_', ' ')}: median {figures[page] * 1000:.0f} ms server time, "
              f"{figures[page + '_queries']:.0f} queries")  # fmt: skip
    print(f"  peak memory: {figures['peak_mb']:.0f} MB")


def run(count: int, seed: int = 7) -> dict[str, float]:
    started = time.perf_counter()
    programme, manager, events = build(count, random.Random(seed))
    figures: dict[str, float] = {"events": events, "build": time.perf_counter() - started}
    from kindred.health.services import compute_health

    started = time.perf_counter()
    result = compute_health(programme)
    figures["compute"] = time.perf_counter() - started
    figures["at_risk"] = result["at_risk"]
    for name, url in (
        ("dashboard", f"/programmes/{programme.slug}/dashboard/"),
        ("dashboard_one_department", f"/programmes/{programme.slug}/dashboard/?department=Sales"),
        ("at_risk_list", f"/programmes/{programme.slug}/at-risk/"),
    ):
        figures[name], figures[name + "_queries"] = _serve(manager, url)
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _serve(user: Any, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    client.force_login(user)
    times = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - begun)
            assert response.status_code == 200, response.status_code
    return statistics.median(times), len(queries)


def build(count: int, rng: random.Random) -> tuple[Any, Any, int]:
    """The programme, its manager, and how many events were written."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from kindred.accounts.models import User
    from kindred.programs.models import Membership, Programme

    now = timezone.now()
    programme = Programme.objects.create(
        slug="bench", name="Bench", start_date=(now - dt.timedelta(days=320)).date(),
        end_date=(now + dt.timedelta(days=60)).date(), status="running",
    )  # fmt: skip
    password = make_password(None)
    departments = ["Support", "Sales", "Engineering", "Finance", "People", "Operations"]
    zones = ["Europe/London", "Asia/Kolkata", "America/New_York", "Asia/Tokyo"]
    mentors = count // 3
    people = [
        User(email=f"p{n}@bench.example", full_name=f"Person {n}", password=password,
             department=rng.choice(departments), timezone=rng.choice(zones))
        for n in range(mentors + count)
    ]  # fmt: skip
    User.objects.bulk_create(people, batch_size=BATCH)
    people = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
    manager = User.objects.create_user("manager@bench.example", "a-long-bench-password")
    programme.managers.add(manager)
    Membership.objects.bulk_create(
        [Membership(programme=programme, user=u, role="mentor" if i < mentors else "mentee")
         for i, u in enumerate(people)],
        batch_size=BATCH,
    )  # fmt: skip
    pairs = _relationships(programme, people[:mentors], people[mentors:], now, rng)
    return programme, manager, _events(pairs, now, rng)


def _relationships(
    programme: Any, mentors: list, mentees: list, now: Any, rng: random.Random
) -> list:
    from kindred.relationships.models import Relationship

    Relationship.objects.bulk_create(
        [Relationship(programme=programme, mentor=mentors[i % len(mentors)], mentee=mentee,
                      started_at=now - dt.timedelta(days=rng.randint(20, 300)), source="matching")
         for i, mentee in enumerate(mentees)],
        batch_size=BATCH,
    )  # fmt: skip
    return list(Relationship.objects.filter(programme=programme).select_related("mentor", "mentee"))


def _events(pairs: list[Any], now: Any, rng: random.Random) -> int:
    from kindred.commitments.models import Commitment
    from kindred.engines.health.surveys import ITEMS, scales
    from kindred.health.models import SurveyResponse
    from kindred.meetings.models import Meeting
    from kindred.messaging.models import Message
    from kindred.safety.models import ComfortCheckIn

    written = 0
    meetings, commitments, messages, answers = [], [], [], []
    for pair in pairs:
        days = (now - pair.started_at).days
        people = (pair.mentor, pair.mentee)
        for n in range(0, days, 7):  # about weekly, some missed or cancelled
            start = pair.started_at + dt.timedelta(days=n + rng.random() * 3)
            status = "held" if start < now else "confirmed"
            if start < now and rng.random() < 0.15:
                status = rng.choice(["missed", "cancelled"])
            meetings.append(Meeting(
                relationship=pair, start=start, end=start + dt.timedelta(minutes=45),
                zone="UTC", status=status, initiated_by=rng.choice(people),
                absent=pair.mentee if status == "missed" else None,
            ))  # fmt: skip
        for n in range(0, days, 14):
            made = pair.started_at + dt.timedelta(days=n)
            done = rng.random() < 0.97 and made + dt.timedelta(days=10) < now
            commitments.append(Commitment(
                relationship=pair, text="Bench step", owner=rng.choice(people),
                due_date=(made + dt.timedelta(days=7)).date(), created_at=made,
                status="done" if done else "open", prompted=rng.random() < 0.3,
                completed_at=made + dt.timedelta(days=rng.randint(2, 10)) if done else None,
            ))  # fmt: skip
        for n in range(0, days, 3):
            messages.append(Message(
                relationship=pair, sender=rng.choice(people), body="Bench message",
                sent_at=pair.started_at + dt.timedelta(days=n, hours=rng.random() * 24),
            ))  # fmt: skip
        base = rng.randint(4, 6)  # each pair answers around its own level
        for day in range(30, days, 60):
            for person in people:
                given = {item.key: min(7, max(1, base + rng.randint(-1, 1))) for item in ITEMS}
                answers.append(SurveyResponse(
                    relationship=pair, respondent=person, role="x", round_day=day,
                    answers=given, scales=scales(given), **scales(given),
                    submitted_at=pair.started_at + dt.timedelta(days=day + 1),
                ))  # fmt: skip
        if len(meetings) > 50_000:
            written += _flush(meetings, commitments, messages, answers)
    written += _flush(meetings, commitments, messages, answers)
    held = list(
        Meeting.objects.filter(status="held").values_list("pk", "relationship__mentee_id")[::5]
    )
    ComfortCheckIn.objects.bulk_create(
        [ComfortCheckIn(meeting_id=m, person_id=p, sharing_comfortable=rng.choice(COMFORT),
                        boundaries_respected=rng.randint(3, 5)) for m, p in held],
        batch_size=BATCH,
    )  # fmt: skip
    return written + len(held)


def _flush(*batches: list[Any]) -> int:
    written = 0
    for batch in batches:
        if batch:
            type(batch[0]).objects.bulk_create(batch, batch_size=BATCH)
            written += len(batch)
            batch.clear()
    return written


if __name__ == "__main__":
    main()
