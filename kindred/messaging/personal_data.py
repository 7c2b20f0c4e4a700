"""What the messaging app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import REMOVED, Holding, blank, delete, register

register(
    Holding("messaging.Message", ("sender",), blank(body=REMOVED)),
    Holding("messaging.ThreadRead", ("user",), delete, export=False),
)
