"""What the projects app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import Holding, keep, register

register(
    Holding("projects.Project", ("created_by",), keep),
    Holding("projects.Milestone", ("owner",), keep),
    Holding("projects.Deliverable", ("uploaded_by",), keep),
    Holding("projects.Feedback", ("author",), keep),
)
