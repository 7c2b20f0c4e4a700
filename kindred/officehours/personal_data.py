"""What office hours hold about a person: what is theirs to download, and
what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kindred.accounts.data_rights import REMOVED, Holding, delete, register
from kindred.accounts.models import User


def blank_what_the_guest_wrote(rows: QuerySet[Any], person: User) -> object:
    """The booking stays (the host's record of their hours); the topic and
    check-in a guest wrote go."""
    return rows.filter(guest=person).update(topic=REMOVED, checkin_note="")


register(
    Holding(
        "officehours.OfficeHours", ("host",), delete, why="their published hours end with them"
    ),
    Holding(
        "officehours.Booking",
        ("guest", "host"),
        blank_what_the_guest_wrote,
        mentions=("cancelled_by", "absent"),
    ),
)
