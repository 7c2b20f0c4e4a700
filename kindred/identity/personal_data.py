"""What the identity app holds about a person (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import ORGANISATION_RECORD, Holding, delete, keep, register

register(
    Holding(
        "identity.ExternalIdentity",
        ("user",),
        delete,
        fields=("provider", "subject", "created_at", "last_used_at"),
        why="the link to their account at the identity provider goes with them",
    ),
    Holding("identity.IdentityProvider", ("created_by",), keep, why=ORGANISATION_RECORD),
)
