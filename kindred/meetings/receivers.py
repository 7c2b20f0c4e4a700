"""Meetings answer what the layers below announce: a relationship that is
no longer open gives up its video room."""

from __future__ import annotations

from typing import Any

from kindred.meetings.video import revoke_room
from kindred.relationships.models import Relationship


def revoke_room_of_ended(sender: Any, instance: Relationship, **kwargs: Any) -> None:
    if instance.status not in Relationship.OPEN and not kwargs.get("raw"):
        revoke_room(instance)
