"""Who may reach each of notifications's pages and endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kindred.conftest import World
from kindred.lib.tests.access import ACTORS, SIGNED_IN, Case, Rows
from kindred.lib.tests.shared_rows import pair_setup
from kindred.meetings.messages import MeetingInvitation
from kindred.notifications.models import Notification
from kindred.notifications.services import notify

PAIR_ROWS = [
    Case("e-mail preferences", "get", lambda s: "/profile/email/", SIGNED_IN),
    Case(
        "save e-mail preferences",
        "post",
        lambda s: "/profile/email/",
        dict.fromkeys(ACTORS, 302),
        body=lambda s: {"wanted": ["messages"]},
    ),
    Case("notification centre", "get", lambda s: "/notifications/", SIGNED_IN),
    Case("mark all read", "post", lambda s: "/notifications/read/", dict.fromkeys(ACTORS, 302)),
]


@dataclass
class Owned:
    notification: Notification


def owners_notification(world: World, request: Any) -> Owned:
    """A meeting invitation in the owner's centre: theirs alone to read."""
    setup = pair_setup(world, request)
    message = MeetingInvitation(
        relationship=setup.pair.pk, meeting=setup.meeting.pk, start=setup.meeting.start
    )
    return Owned(notify(recipient=world.owner, message=message, key="access:invite"))


ONLY_THE_OWNER = {actor: 404 for actor in ACTORS if actor != "anonymous"}
OWNED_ROWS = [
    Case(
        "a notification",
        "get",
        lambda s: f"/notifications/{s.notification.pk}/",
        ONLY_THE_OWNER | {"owner": 200},
    ),
    Case(
        "open a notification",
        "post",
        lambda s: f"/notifications/{s.notification.pk}/open/",
        ONLY_THE_OWNER | {"owner": 302},
    ),
]

ROWS = [Rows(pair_setup, PAIR_ROWS), Rows(owners_notification, OWNED_ROWS)]
