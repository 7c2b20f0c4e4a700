"""Who may reach the profile's time-off pages and endpoints: each person
sees only their own list, and removes only their own entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kindred.conftest import World
from kindred.lib.tests.access import ACTORS, MANAGER_ONLY, SIGNED_IN, Case, Rows, the_world
from kindred.lib.tests.shared_rows import ONLY_SELF_AND_ADMIN, PERSON_VISIBLE, pair_setup
from kindred.lib.timezones import local_today
from kindred.profiles import services
from kindred.profiles.models import TimeOff

OWN_ONLY = dict.fromkeys(ACTORS, 404) | {"partner": 302}
EVERYONE = dict.fromkeys(ACTORS, 200)  # each person's own list


def entry(world: World, request: Any) -> TimeOff:
    """The partner's time off, a week from now."""
    first = local_today(world.partner.timezone) + dt.timedelta(days=7)
    return services.time_off_add(actor=world.partner, first_day=first, note="Sabbatical in Lisbon")


def only_ever_your_own(response: Any, actor: str, entry: TimeOff) -> None:
    if response.request["REQUEST_METHOD"] == "GET" and response.status_code == 200:
        shown = "Sabbatical in Lisbon" in response.content.decode()
        assert shown == (actor == "partner")
    if response.request["REQUEST_METHOD"] != "GET" and actor != "partner":
        assert TimeOff.objects.filter(pk=entry.pk).exists()


CASES = [
    Case("time off page", "get", lambda e: "/profile/time-off/", EVERYONE),
    Case("remove time off", "post", lambda e: f"/profile/time-off/{e.pk}/remove/", OWN_ONLY),
    Case(
        "api remove",
        "delete",
        lambda e: f"/api/v1/profiles/me/time-off/{e.pk}",
        OWN_ONLY | {"partner": 204},
        api=True,
    ),
    Case(
        "api list",
        "get",
        lambda e: "/api/v1/profiles/me/time-off",
        dict.fromkeys(ACTORS, 200),
        api=True,
    ),
]


WORLD_ROWS = [
    Case("vocabulary", "get", lambda w: "/programmes/alpha/vocabulary/", MANAGER_ONLY),
    Case("person profile", "get", lambda w: f"/people/{w.owner.pk}/", PERSON_VISIBLE),
    Case("own profile", "get", lambda w: "/profile/", SIGNED_IN),
    Case("intake step", "get", lambda w: "/intake/values/", SIGNED_IN),
    Case("demographics step", "get", lambda w: "/intake/demographics/", SIGNED_IN),
    Case("own profile", "get", lambda w: "/api/v1/profiles/me", SIGNED_IN, api=True),
    Case(
        "person profile",
        "get",
        lambda w: f"/api/v1/profiles/{w.owner.pk}",
        PERSON_VISIBLE,
        api=True,
    ),
    Case(
        "person demographics",
        "get",
        lambda w: f"/api/v1/profiles/{w.owner.pk}/demographics",
        ONLY_SELF_AND_ADMIN,
        api=True,
    ),
    Case(
        "own demographics",
        "put",
        lambda w: "/api/v1/profiles/me/demographics",
        SIGNED_IN,
        api=True,
        body=lambda w: {"gender": "woman"},
        json=True,
    ),
]


PAIR_ROWS = [
    # What happens next: for those whose intake is complete; the rest are
    # sent to finish it.
    Case(
        "intake done",
        "get",
        lambda s: "/intake/done/",
        dict.fromkeys(ACTORS, 302) | {"owner": 200, "partner": 200, "participant": 200},
    ),
    Case("intake", "get", lambda s: "/intake/", dict.fromkeys(ACTORS, 302)),
    Case(
        "retire a topic",
        "post",
        lambda s: f"/programmes/alpha/vocabulary/{s.topic.pk}/",
        MANAGER_ONLY | {"manager": 302, "admin": 302},
        body=lambda s: {"retired": "1"},
    ),
    Case(
        "update own profile",
        "patch",
        lambda s: "/api/v1/profiles/me",
        SIGNED_IN,
        api=True,
        body=lambda s: {"calling": {"calling": "Help people grow"}},
        json=True,
    ),
    Case(
        "add time off",
        "post",
        lambda s: "/api/v1/profiles/me/time-off",
        dict.fromkeys(ACTORS, 201),
        api=True,
        body=lambda s: {
            "first_day": str(dt.date.today() + dt.timedelta(days=30)),
            "last_day": str(dt.date.today() + dt.timedelta(days=34)),
        },
        json=True,
    ),
]

ROWS = [
    Rows(entry, CASES, check=only_ever_your_own),
    Rows(the_world, WORLD_ROWS),
    Rows(pair_setup, PAIR_ROWS),
]
