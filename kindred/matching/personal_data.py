"""What the matching app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import ORGANISATION_RECORD, Holding, keep, register

register(
    Holding(
        "matching.MatchRun",
        ("created_by",),
        keep,
        fields=("id", "programme", "status", "created_at", "published_at"),
        why=ORGANISATION_RECORD,
    ),
    # The explanations draw on both people's profiles: only the outcome is theirs.
    Holding(
        "matching.Proposal",
        ("mentee", "mentor"),
        keep,
        fields=("id", "run", "status", "mentee_decision", "mentor_decision", "decided_at"),
        mentions=("declined_by",),
    ),
    Holding(
        "matching.Exclusion",
        ("mentee", "mentor"),
        keep,
        export=False,
        mentions=("created_by",),
        why=ORGANISATION_RECORD,
    ),
    Holding(
        "matching.MentorRequest",
        ("mentee", "mentor"),
        keep,
        fields=("id", "programme", "message", "status", "created_at", "responded_at"),
    ),
)
