"""What the commitments app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import Holding, keep, register

register(
    Holding("commitments.Commitment", ("owner", "created_by"), keep, mentions=("dropped_by",)),
)
