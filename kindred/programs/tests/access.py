"""Who may reach each of programs's pages and endpoints."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kindred.lib.tests.access import ACTORS, MANAGER_ONLY, SIGNED_IN, Case, Rows, the_world
from kindred.lib.tests.shared_rows import (
    CSV,
    EVERYONE,
    MEMBERS_AND_MANAGER,
    invitation_id,
    pair_setup,
    signed_up,
)
from kindred.programs.models import EmailInvitation


def personal_link(world: Any) -> str:
    invitation, _ = EmailInvitation.objects.get_or_create(
        programme=world.programme, email="new@invited.example", defaults={"role": "mentee"}
    )
    return f"/invited/{invitation.token}/"


WORLD_ROWS = [
    Case(
        "invite by e-mail",
        "post",
        lambda w: "/programmes/alpha/invitations/email/",
        MANAGER_ONLY | {"manager": 302, "admin": 302},
        body=lambda w: {"emails": "someone@invited.example", "role": "mentee"},
    ),
    # The e-mailed link is its own authority: anyone holding it sees the
    # page (signed in as someone else, they are told to sign out).
    Case(
        "personal invitation",
        "get",
        personal_link,
        SIGNED_IN,
        anonymous=200,
        route="personal_invitation",
    ),
    Case("programme list", "get", lambda w: "/programmes/", SIGNED_IN),
    Case(
        "programme create",
        "get",
        lambda w: "/programmes/new/",
        dict.fromkeys(ACTORS, 403) | {"admin": 200},
    ),
    Case("programme edit", "get", lambda w: "/programmes/alpha/edit/", MANAGER_ONLY),
    Case("programme languages", "get", lambda w: "/programmes/alpha/languages/", MANAGER_ONLY),
    Case(
        "programme texts in a language",
        "get",
        lambda w: "/programmes/alpha/languages/fr/",
        MANAGER_ONLY,
        route="programs:translations",
    ),
    Case(
        "programme texts saved",
        "post",
        lambda w: "/programmes/alpha/languages/fr/",
        MANAGER_ONLY | {"manager": 302, "admin": 302},
        body=lambda w: {},
        route="programs:translations",
    ),
    Case("participants", "get", lambda w: "/programmes/alpha/participants/", MANAGER_ONLY),
    Case("import page", "get", lambda w: "/programmes/alpha/import/", MANAGER_ONLY),
    Case("invitations", "get", lambda w: "/programmes/alpha/invitations/", MANAGER_ONLY),
    Case(
        "invitation revoke",
        "post",
        lambda w: f"/programmes/alpha/invitations/{invitation_id(w)}/revoke/",
        MANAGER_ONLY | {"manager": 302, "admin": 302},
        route="programs:invitation_revoke",
    ),
    Case("me", "get", lambda w: "/api/v1/me", SIGNED_IN, api=True),
    Case("programmes", "get", lambda w: "/api/v1/programmes", SIGNED_IN, api=True),
    Case("programme", "get", lambda w: "/api/v1/programmes/alpha", MEMBERS_AND_MANAGER, api=True),
    Case(
        "participants",
        "get",
        lambda w: "/api/v1/programmes/alpha/participants",
        MANAGER_ONLY,
        api=True,
    ),
    Case(
        "import",
        "post",
        lambda w: "/api/v1/programmes/alpha/import",
        MANAGER_ONLY,
        api=True,
        body=lambda w: {"file": SimpleUploadedFile("p.csv", CSV, "text/csv")},
    ),
]


PAIR_ROWS = [
    Case(
        "invitation link",
        "get",
        lambda s: f"/invite/{s.invitation.token}/",
        EVERYONE,
        anonymous=200,
    ),
    Case(
        "invitation sign-up link",
        "get",
        lambda s: f"/invite/{s.invitation.token}/confirm/{signed_up(s)}/",
        # The e-mailed link: anyone who holds it may finish; signed in, one click.
        EVERYONE,
        anonymous=200,
        route="invitation_confirm",
    ),
]

ROWS = [Rows(the_world, WORLD_ROWS), Rows(pair_setup, PAIR_ROWS)]
