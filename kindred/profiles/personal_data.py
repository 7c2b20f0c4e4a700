"""What the profiles app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import Holding, delete, register

register(
    Holding("profiles.Profile", ("user",), delete),
    Holding("profiles.Demographics", ("user",), delete),
    Holding("profiles.TimeOff", ("user",), delete),
)
