"""Profiles answer what the programmes app announces (kindred.programs.events)."""

from __future__ import annotations

from typing import Any

from kindred.profiles.models import Profile


def give_new_people_a_profile(sender: Any, people: list[int], **kwargs: Any) -> None:
    """Everyone enrolled has a profile to fill in, so their intake and every
    page that reads a profile find one."""
    # One insert; those who have a profile already keep it (one per person).
    fresh = [Profile(user_id=person) for person in people]
    Profile.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
