"""Who may reach each of meetings's pages and endpoints."""

from __future__ import annotations

import datetime as dt

from kindred.lib.tests.access import SIGNED_IN, Case, Rows, the_world
from kindred.lib.tests.shared_rows import NOBODY_ELSE, PAIR_ACTS, meeting, pair_setup

PAIR_ROWS = [
    Case(
        "propose a meeting",
        "post",
        lambda s: f"/relationships/{s.pair.pk}/meetings/propose/",
        PAIR_ACTS,
        body=lambda s: {"start": s.meeting.start.strftime("%Y-%m-%dT%H:%M"), "minutes": "45"},
    ),
    Case(
        "suggested meeting times",
        "get",
        lambda s: f"/relationships/{s.pair.pk}/meetings/suggestions/",
        NOBODY_ELSE | {"owner": 200, "partner": 200, "manager": 403, "admin": 403},
    ),
    Case("confirm a meeting", "post", lambda s: meeting(s, "confirm/"), PAIR_ACTS),
    Case(
        "reschedule a meeting",
        "post",
        lambda s: meeting(s, "reschedule/"),
        PAIR_ACTS,
        body=lambda s: {
            "start": (s.meeting.start + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "minutes": "45",
        },
    ),
    Case(
        "cancel a meeting",
        "post",
        lambda s: meeting(s, "cancel/"),
        PAIR_ACTS,
        body=lambda s: {"reason": "Travelling"},
    ),
    Case(
        "record a meeting",
        "post",
        lambda s: meeting(s, "record/"),
        PAIR_ACTS,
        body=lambda s: {"outcome": "held"},
    ),
    Case(
        "calendar invite",
        "get",
        lambda s: meeting(s, "invite.ics"),
        NOBODY_ELSE | {"owner": 200, "partner": 200, "manager": 403, "admin": 403},
    ),
]

# Each person's own subscription address: everyone signed in has one to
# manage; the address itself answers anyone holding it, and a wrong one
# finds nothing, signed in or not.
FEED_ROWS = [
    Case("my calendar subscription", "get", lambda w: "/calendar-feed/", SIGNED_IN),
    Case("make my subscription address", "post", lambda w: "/calendar-feed/new/",
         dict.fromkeys(SIGNED_IN, 302)),
    Case("stop my subscription address", "post", lambda w: "/calendar-feed/stop/",
         dict.fromkeys(SIGNED_IN, 302)),
    Case("a subscription address that is nobody's", "get",
         lambda w: "/calendar-feed/not-a-token.ics", dict.fromkeys(SIGNED_IN, 404),
         anonymous=404, route="feed:ics"),
]  # fmt: skip

ROWS = [Rows(pair_setup, PAIR_ROWS), Rows(the_world, FEED_ROWS)]
