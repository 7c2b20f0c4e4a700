"""Benchmark: people's own calendars, read for busy time.

    .venv/bin/python bench/calendars.py [--people 1000]

1. Reading: N people, each with a calendar of two years of events (a year
   behind, a year ahead; a third of them recurring weekly or fortnightly
   series with excluded and moved occurrences), served over HTTP on
   loopback and read through Kindred's own path (the address guard,
   the fetch, recurrence expansion, storing the busy intervals) into
   SQLite. Budget: 30 s in all and 200 MB of memory.
2. Slot finding for a pair with busy calendars over eight weeks: the
   median of 50 runs. Budget: 5 ms.
3. The subscription feed of a person with 200 meetings: the median of 20
   renders. Budget: 50 ms."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_people import setup_django

ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney")
BUDGET_SECONDS, BUDGET_MB, BUDGET_SLOTS_MS, BUDGET_FEED_MS = 30, 200, 5, 50


def calendar_file(rng: random.Random, zone: str, now: dt.datetime) -> bytes:
    """Two years of a working calendar: about 200 single events and about
    100 as recurring series, with exceptions."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bench//EN"]
    start = now - dt.timedelta(days=365)
    for n in range(200):
        at = start + dt.timedelta(minutes=rng.randrange(0, 730 * 24 * 4) * 15)
        lines += _event(f"one-{n}", at, rng.choice((30, 45, 60, 90)), zone)
    for n in range(12):
        first = start + dt.timedelta(days=rng.randrange(0, 600), hours=rng.randrange(8, 17))
        interval = rng.choice((1, 2))
        skipped = first + dt.timedelta(weeks=2 * interval)
        lines += [
            *_event(f"series-{n}", first, 30, zone)[:-1],
            f"RRULE:FREQ=WEEKLY;INTERVAL={interval};COUNT={rng.randrange(8, 40)}",
            f"EXDATE;TZID={zone}:{_local(skipped, zone)}",
            "END:VEVENT",
        ]
        moved = first + dt.timedelta(weeks=3 * interval)
        lines += [
            *_event(f"series-{n}", moved + dt.timedelta(hours=2), 30, zone)[:-1],
            f"RECURRENCE-ID;TZID={zone}:{_local(moved, zone)}",
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def _local(moment: dt.datetime, zone: str) -> str:
    import zoneinfo

    return moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y%m%dT%H%M%S")


def _event(uid: str, at: dt.datetime, minutes: int, zone: str) -> list[str]:
    return [
        "BEGIN:VEVENT", f"UID:{uid}@bench", "DTSTAMP:20260101T000000Z",
        f"DTSTART;TZID={zone}:{_local(at, zone)}",
        f"DTEND;TZID={zone}:{_local(at + dt.timedelta(minutes=minutes), zone)}",
        "SUMMARY:Private", "END:VEVENT",
    ]  # fmt: skip


def serve(folder: Path) -> tuple[str, subprocess.Popen[bytes]]:
    """Python's file server in its own process (as a calendar host is), so
    serving does not share the reader's interpreter."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def read_calendars(people: int) -> dict[str, float]:
    from django.utils import timezone

    from kindred.accounts.models import User
    from kindred.calendars.models import BusyInterval, CalendarConnection
    from kindred.calendars.services import calendar_read
    from kindred.lib.sealing import seal

    rng, now = random.Random(11), timezone.now()
    connections, size = [], 0
    folder = Path(tempfile.mkdtemp())
    base, server = serve(folder)
    for n in range(people):
        zone = ZONES[n % len(ZONES)]
        person = User.objects.create_user(f"person{n}@bench.example", timezone=zone)
        body = calendar_file(rng, zone, now)
        (folder / f"{n}.ics").write_bytes(body)
        size += len(body)
        connections.append(
            CalendarConnection.objects.create(
                owner=person,
                kind="ics",
                name="Work",
                host="127.0.0.1",
                url_sealed=seal(f"{base}/{n}.ics"),
            )
        )
    started = time.perf_counter()
    for connection in connections:
        calendar_read(connection, now=now)
        assert not connection.last_error, connection.last_error
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the whole process
    server.terminate()
    return {"seconds": seconds, "peak_mb": peak, "intervals": BusyInterval.objects.count(),
            "bytes": size}  # fmt: skip


def slot_finding() -> float:
    from django.utils import timezone

    from kindred.calendars.selectors import busy_of
    from kindred.engines.scheduling import Calendar, SlotRequest, find_slots

    now = timezone.now()
    horizon = dt.timedelta(weeks=8)
    busy = busy_of([1, 2], now, now + horizon)
    first, second = (
        Calendar(zone, tuple((d, "08:00", "18:00") for d in range(5)),
                 calendar_busy=tuple(busy.get(pk, ())))
        for pk, zone in ((1, ZONES[0]), (2, ZONES[1]))
    )  # fmt: skip
    request = SlotRequest(now=now, duration_minutes=45, horizon=horizon, limit=500)
    runs = []
    for _ in range(50):
        started = time.perf_counter()
        find_slots(first, second, request)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def feed_render() -> tuple[float, float]:
    from django.utils import timezone

    from kindred.accounts.models import User
    from kindred.meetings.feed import feed_ics
    from kindred.meetings.models import Meeting
    from kindred.programs.models import Programme
    from kindred.relationships.models import Relationship

    now = timezone.now()
    programme = Programme.objects.create(slug="bench", name="Bench", start_date=now.date(),
                                         end_date=now.date() + dt.timedelta(days=730))  # fmt: skip
    mentor = User.objects.get(email="person0@bench.example")
    for n in range(4):
        pair = Relationship.objects.create(
            programme=programme, mentor=mentor, status=Relationship.Status.ACTIVE,
            mentee=User.objects.get(email=f"person{n + 1}@bench.example"),
        )  # fmt: skip
        Meeting.objects.bulk_create(
            Meeting(relationship=pair, start=now + dt.timedelta(days=7 * k + n),
                    end=now + dt.timedelta(days=7 * k + n, minutes=45), zone=ZONES[n],
                    status=Meeting.Status.CONFIRMED)
            for k in range(50)
        )  # fmt: skip
    from django.core.cache import cache

    feed_ics(mentor, now=now)  # the process warms up (templates, zones)
    cache.clear()  # then the first render of this feed, writing every event
    runs = []
    for _ in range(21):
        started = time.perf_counter()
        body = feed_ics(mentor, now=now)
        runs.append((time.perf_counter() - started) * 1000)
    assert body.count(b"BEGIN:VEVENT") == 200
    # Later renders reuse the events that did not change.
    return runs[0], statistics.median(runs[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        reading = read_calendars(args.people)
        slots_ms = slot_finding()
        feed_first_ms, feed_ms = feed_render()
    over = lambda value, budget: "" if value <= budget else "  (over the budget)"  # noqa: E731
    print(f"Calendars: {args.people:,} people, two years of events each "
          f"({reading['bytes'] / 1e6:.0f} MB of iCalendar)")  # fmt: skip
    print(f"  read, expanded and stored: {reading['seconds']:.1f} s"
          f"{over(reading['seconds'], BUDGET_SECONDS)}; "
          f"{reading['intervals']:,} busy intervals; peak memory of the whole process "
          f"{reading['peak_mb']:.0f} MB{over(reading['peak_mb'], BUDGET_MB)}")  # fmt: skip
    print(f"  slot finding, a pair with busy calendars, 8 weeks: {slots_ms:.1f} ms median"
          f"{over(slots_ms, BUDGET_SLOTS_MS)}")  # fmt: skip
    print(f"  subscription feed, 200 meetings: {feed_ms:.1f} ms median"
          f"{over(feed_ms, BUDGET_FEED_MS)} (the first render, writing every event: "
          f"{feed_first_ms:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
