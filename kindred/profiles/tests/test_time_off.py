"""Time off and changed hours: what is accepted, who may see and change it,
and that scheduling reads it on the person's own local dates."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kindred.conftest import World, api_client_for, client_for
from kindred.lib.errors import InvalidInput
from kindred.lib.timezones import local_today
from kindred.meetings import times
from kindred.profiles import services
from kindred.profiles.models import TimeOff
from kindred.relationships.models import Relationship

UTC = dt.UTC
JUNE_1 = dt.date(2026, 6, 1)  # a Monday


def add(world: World, first: dt.date, last: dt.date | None = None, **extra: str) -> TimeOff:
    return services.time_off_add(
        actor=world.partner, first_day=first, last_day=last, today=JUNE_1, **extra
    )


@pytest.mark.parametrize(
    ("first", "last", "extra", "message"),
    [
        (dt.date(2026, 6, 10), dt.date(2026, 6, 9), {}, "on or after the first"),
        (dt.date(2026, 5, 1), dt.date(2026, 5, 31), {}, "already passed"),
        (dt.date(2026, 6, 1), dt.date(2026, 9, 1), {}, "at most 92 days"),
        (dt.date(2029, 6, 1), None, {}, "two years ahead"),
        (dt.date(2026, 6, 3), None, {"hours": "10-12"}, "not a range"),
        (dt.date(2026, 6, 3), None, {"hours": "14:00-10:00"}, "end after it starts"),
        (dt.date(2026, 6, 3), None, {"note": "x" * 81}, "under 80"),
        (dt.date(2026, 6, 8), dt.date(2026, 6, 9), {}, "already have time off"),
    ],
)
def test_bad_time_off_is_refused_and_changes_nothing(
    world: World, first: dt.date, last: dt.date | None, extra: dict[str, str], message: str
) -> None:
    add(world, dt.date(2026, 6, 5), dt.date(2026, 6, 8), note="Leave")
    with pytest.raises(InvalidInput, match=message):
        add(world, first, last, **extra)
    assert TimeOff.objects.count() == 1


def test_days_away_and_days_with_other_hours(world: World) -> None:
    away = add(world, dt.date(2026, 6, 5), dt.date(2026, 6, 8), note="Leave")
    short = add(world, dt.date(2026, 6, 10), hours="10:00-13:00, 15:00-16:00")
    assert away.away and (away.first_day, away.last_day) == (
        dt.date(2026, 6, 5),
        dt.date(2026, 6, 8),
    )
    assert not short.away and short.hours == [["10:00", "13:00"], ["15:00", "16:00"]]
    assert short.last_day == short.first_day  # one day when no end is given


@pytest.fixture
def pair(pair_with_intakes: Relationship) -> Relationship:
    return pair_with_intakes  # times and suggestions need both people's working hours


def check(pair: Relationship, start: dt.datetime) -> tuple[list[str], list[str]]:
    """(refusals, warnings) against both people's profiles as stored now."""
    pair = Relationship.objects.select_related("mentor__profile", "mentee__profile").get(pk=pair.pk)
    refused, warned = times.check_time(pair, start, start + dt.timedelta(minutes=45))
    return [str(r) for r in refused], [str(w) for w in warned]


def refusals(pair: Relationship, start: dt.datetime) -> list[str]:
    return check(pair, start)[0]


def test_away_days_are_refused_and_never_suggested(world: World, pair: Relationship) -> None:
    add(world, dt.date(2026, 6, 2), dt.date(2026, 6, 3))  # Tuesday and Wednesday, London
    assert refusals(pair, dt.datetime(2026, 6, 2, 10, tzinfo=UTC)) == [
        "Pat Partner is away that day"
    ]
    assert refusals(pair, dt.datetime(2026, 6, 4, 10, tzinfo=UTC)) == []
    now = dt.datetime(2026, 5, 31, 8, tzinfo=UTC)
    slots = times.suggestions(pair, now=now, limit=20)
    london_days = {s.start.astimezone(dt.timezone(dt.timedelta(hours=1))).date() for s in slots}
    assert dt.date(2026, 6, 1) in london_days and dt.date(2026, 6, 4) in london_days
    assert not london_days & {dt.date(2026, 6, 2), dt.date(2026, 6, 3)}


def test_changed_hours_narrow_that_day_only(world: World, pair: Relationship) -> None:
    add(world, dt.date(2026, 6, 4), hours="09:00-10:00")  # Thursday, London
    at_eleven = dt.datetime(2026, 6, 4, 10, tzinfo=UTC)  # 11:00 in London
    assert check(pair, at_eleven)[1] == ["outside Pat Partner's working hours"]
    slots = times.suggestions(pair, now=dt.datetime(2026, 6, 1, 8, tzinfo=UTC), limit=20)
    thursday = [s for s in slots if s.start.date() == dt.date(2026, 6, 4)]
    assert thursday and all(s.start.hour == 8 for s in thursday)  # 09:00 BST, 45 minutes


def test_away_days_are_the_persons_own_dates_across_the_date_line(
    world: World, pair: Relationship
) -> None:
    world.partner.timezone = "Pacific/Kiritimati"  # UTC+14
    world.partner.save()
    add(world, dt.date(2026, 6, 3))  # Wednesday in Kiritimati
    # Tuesday 18:00 UTC is already Wednesday 08:00 in Kiritimati.
    assert refusals(pair, dt.datetime(2026, 6, 2, 18, tzinfo=UTC)) == [
        "Pat Partner is away that day"
    ]
    # Wednesday 12:00 UTC is Thursday 02:00 there: no longer the day away.
    assert "Pat Partner is away that day" not in refusals(
        pair, dt.datetime(2026, 6, 3, 12, tzinfo=UTC)
    )


def test_the_pair_sees_time_off_coming_up_and_nobody_else(world: World, pair: Relationship) -> None:
    today = local_today(world.partner.timezone)
    services.time_off_add(
        actor=world.partner, first_day=today + dt.timedelta(days=3), note="School holidays"
    )
    url = f"/relationships/{pair.pk}/sections/meetings/"
    assert "School holidays" in client_for(world.owner).get(url).content.decode()
    assert "School holidays" in client_for(world.partner).get(url).content.decode()
    assert "School holidays" not in client_for(world.manager).get(url).content.decode()
    assert client_for(world.participant).get(url).status_code == 404


def test_the_web_page_adds_lists_and_removes(world: World) -> None:
    client = client_for(world.partner)
    first = local_today(world.partner.timezone) + dt.timedelta(days=7)
    response = client.post(
        "/profile/time-off/", {"first_day": first.isoformat(), "hours": "", "note": "Leave"}
    )
    assert response.status_code == 302
    page = client.get("/profile/time-off/").content.decode()
    assert "Leave" in page and "away" in page
    bad = client.post("/profile/time-off/", {"first_day": first.isoformat(), "hours": "late"})
    assert bad.status_code == 200 and "not a range" in bad.content.decode()
    entry = TimeOff.objects.get()
    client.post(f"/profile/time-off/{entry.pk}/remove/")
    assert not TimeOff.objects.exists()


def test_the_api_adds_lists_and_removes(world: World) -> None:
    api = api_client_for(world.partner)
    first = (local_today(world.partner.timezone) + dt.timedelta(days=7)).isoformat()
    created = api.post(
        "/api/v1/profiles/me/time-off",
        {"first_day": first, "hours": "10:00-12:00"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["away"] is False
    listed = api.get("/api/v1/profiles/me/time-off").json()
    assert [item["hours"] for item in listed] == [[["10:00", "12:00"]]]
    bad = api.post(
        "/api/v1/profiles/me/time-off",
        json.dumps({"first_day": "2020-01-01"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and TimeOff.objects.count() == 1
    assert api.delete(f"/api/v1/profiles/me/time-off/{created.json()['id']}").status_code == 204
