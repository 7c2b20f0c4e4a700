"""Background work for calendars, run by `manage.py db_worker`."""

from __future__ import annotations

from kindred.lib.jobs import task


@task()
def write_calendars_of(people: list[int]) -> int:
    """Bring these people's written-to calendars up to date after a meeting
    changed: outside the request, so a slow calendar server never slows
    the person proposing, moving or cancelling a meeting."""
    from kindred.calendars.services import write_calendars

    return write_calendars(people=people)
