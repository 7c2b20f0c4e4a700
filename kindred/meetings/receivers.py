"""Meetings answer what the layers below announce: a relationship that is
no longer open gives up its video room, and its meetings still to come
leave the calendars Kindred writes into."""

from __future__ import annotations

from typing import Any

from kindred.calendars.services import write_calendars_later
from kindred.meetings.video import revoke_room
from kindred.relationships.models import Relationship


def after_relationship_ends(sender: Any, instance: Relationship, **kwargs: Any) -> None:
    if instance.status not in Relationship.OPEN and not kwargs.get("raw"):
        revoke_room(instance)
        write_calendars_later([instance.mentor_id, instance.mentee_id])
