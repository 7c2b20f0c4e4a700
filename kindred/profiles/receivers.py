"""Profiles answer what the programmes app announces (kindred.programs.events)."""

from __future__ import annotations

from typing import Any

from kindred.profiles.models import Profile


def give_new_people_a_profile(sender: Any, people: list[int], **kwargs: Any) -> None:
    """Everyone enrolled has a profile to fill in, so their intake and every
    page that reads a profile find one."""
    have = set(Profile.objects.filter(user_id__in=people).values_list("user_id", flat=True))
    missing = [Profile(user_id=person) for person in people if person not in have]
    Profile.objects.bulk_create(missing, batch_size=500, ignore_conflicts=True)
