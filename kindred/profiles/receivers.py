"""Profiles answer what the layers below announce: a new account
(accounts' User saved) and people enrolled (kindred.programs.events)."""

from __future__ import annotations

from typing import Any

from kindred.profiles.models import Profile


def give_a_new_account_a_profile(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Every account has a profile from the start, so no page that only
    reads one ever has to create it."""
    if created and not kwargs.get("raw"):
        # A row just made has no profile yet: one insert, no look-up (a
        # directory provisions thousands in a row).
        Profile.objects.create(user=instance)


def give_new_people_a_profile(sender: Any, people: list[int], **kwargs: Any) -> None:
    """Everyone enrolled has a profile to fill in, so their intake and every
    page that reads a profile find one."""
    # One insert; those who have a profile already keep it (one per person).
    fresh = [Profile(user_id=person) for person in people]
    Profile.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
