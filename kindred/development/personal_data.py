"""What the development app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import ORGANISATION_RECORD, Holding, delete, keep, register

register(
    Holding("development.ModuleProgress", ("person",), delete),
    Holding("development.SelfAssessment", ("person",), delete),
    Holding(
        "development.ProgrammeModule",
        ("updated_by",),
        keep,
        export=False,
        why=ORGANISATION_RECORD,
    ),
)
