"""What the safety app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import ORGANISATION_RECORD, Holding, delete, keep, register

register(
    Holding("safety.ComfortCheckIn", ("person",), delete),
    # A safety record outlives the reporter's account; it is anonymised.
    Holding(
        "safety.ConcernReport",
        ("reporter",),
        keep,
        fields=("id", "programme", "category", "text", "status", "created_at"),
        mentions=("about",),
        why="a safety record outlives the reporter's account; it names them no more",
    ),
    Holding("safety.CaseNote", ("author",), keep, export=False, why=ORGANISATION_RECORD),
    Holding("safety.CaseAudit", ("actor",), keep, export=False, why=ORGANISATION_RECORD),
)
