"""What the calendars app holds about a person (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import Holding, delete, register

register(
    Holding(
        "calendars.CalendarConnection",
        ("owner",),
        delete,
        fields=(
            "name",
            "kind",
            "host",
            "all_day_blocks",
            "write_meetings",
            "last_success_at",
            "created_at",
        ),
        why="their calendars and the credentials to read them go with them",
    ),
    Holding(
        "calendars.BusyInterval",
        ("owner",),
        delete,
        fields=("start", "end"),
        why="the busy times read from their calendars go with them",
    ),
)
