"""Who may reach a person's calendars: the owner, and nobody else. A
partner, a manager and an organisation admin get "not found", as for
anything that is not theirs to know exists."""

from __future__ import annotations

from kindred.calendars.models import CalendarConnection
from kindred.conftest import World
from kindred.lib.sealing import seal
from kindred.lib.tests.access import ACTORS, SIGNED_IN, Case, Rows, the_world

OWNER_ONLY = dict.fromkeys(ACTORS, 404) | {"owner": 200}


def connection_id(world: World) -> int:
    connection, _ = CalendarConnection.objects.get_or_create(
        owner=world.owner,
        name="Work",
        # Nothing listens there: a refresh fails at once, and says so.
        defaults={"kind": "ics", "host": "127.0.0.1",
                  "url_sealed": seal("http://127.0.0.1:9/private/abc.ics")},
    )  # fmt: skip
    return connection.pk


ROWS = [
    Rows(
        the_world,
        [
            Case("my calendars", "get", lambda w: "/calendars/", SIGNED_IN),
            Case("connect a calendar (nothing filled in)", "post", lambda w: "/calendars/",
                 dict.fromkeys(SIGNED_IN, 422), body=lambda w: {"kind": "ics"}),
            Case("set my video room", "post", lambda w: "/calendars/video-room/",
                 dict.fromkeys(SIGNED_IN, 302), body=lambda w: {"personal_room_url": ""}),
            Case("a calendar", "get", lambda w: f"/calendars/{connection_id(w)}/", OWNER_ONLY,
                 route="calendars:edit"),
            Case("change a calendar", "post", lambda w: f"/calendars/{connection_id(w)}/",
                 OWNER_ONLY | {"owner": 302}, body=lambda w: {"name": "Work"},
                 route="calendars:edit"),
            Case("refresh a calendar", "post",
                 lambda w: f"/calendars/{connection_id(w)}/refresh/",
                 OWNER_ONLY | {"owner": 302}, route="calendars:refresh"),
            Case("remove a calendar", "post", lambda w: f"/calendars/{connection_id(w)}/remove/",
                 OWNER_ONLY | {"owner": 302}, route="calendars:remove"),
        ],
    )
]  # fmt: skip
