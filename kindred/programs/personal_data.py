"""What the programs app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import ORGANISATION_RECORD, Holding, delete, keep, register

register(
    Holding("programs.Membership", ("user",), delete, why="takes them out of every pool"),
    Holding("programs.Invitation", ("created_by",), keep, why=ORGANISATION_RECORD),
    Holding("programs.ImportRun", ("actor",), keep, why=ORGANISATION_RECORD),
    # Their address and whether they opened it: theirs, gone with them (the
    # manager who sent it is only mentioned).
    Holding(
        "programs.EmailInvitation",
        ("person",),
        delete,
        mentions=("created_by",),
        why="their address goes with them",
    ),
)
