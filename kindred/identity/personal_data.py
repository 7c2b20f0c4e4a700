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
    Holding(
        "identity.ScimPerson",
        ("user",),
        delete,
        fields=("user_name", "external_id", "created_at", "updated_at"),
        why="the directory's record of them goes with them",
    ),
    # The sync acts as whoever set it up; it stops (and says so) without them.
    Holding("identity.RosterSync", ("acting_as",), keep, why=ORGANISATION_RECORD),
    # An upload is the organisation's roster, kept a day for its preview.
    Holding("identity.RosterUpload", ("actor",), delete, fields=("filename", "created_at")),
    # A token acts as the admin who made it: it cannot outlive them.
    Holding("identity.ScimToken", ("created_by",), delete, fields=("name", "created_at")),
)
