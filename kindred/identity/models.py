"""Identity providers an organisation signs its people in with, and which
person each provider's account is.

A provider is configured in the app by an organisation admin. Its client
secret is stored encrypted (kindred.identity.secrets) or named as an
environment variable, so a database dump alone never yields it."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext, gettext_lazy

from kindred.lib.phrases import shown
from kindred.lib.text import validate_single_line


class IdentityProvider(models.Model):
    class Kind(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"

    name = models.CharField(
        max_length=80,
        validators=[validate_single_line],
        help_text=gettext_lazy('Shown on the sign-in button: "Sign in with …".'),
    )
    slug = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    enabled = models.BooleanField(default=True)

    # OpenID Connect: the issuer's discovery document and this client.
    discovery_url = models.URLField(max_length=500, blank=True)
    client_id = models.CharField(max_length=200, blank=True)
    client_secret_encrypted = models.TextField(blank=True)
    scopes = models.CharField(max_length=200, default="openid email profile")
    client_secret_env = models.CharField(
        max_length=80,
        blank=True,
        help_text=gettext_lazy("Or the name of an environment variable that holds the secret."),
    )

    # SAML 2.0: the provider's metadata, uploaded or read from its address.
    saml_metadata_url = models.URLField(max_length=500, blank=True)
    saml_metadata_xml = models.TextField(blank=True)

    # Who may come in through it, and what their groups make them.
    allowed_domains = models.JSONField(
        default=list,
        blank=True,
        help_text=gettext_lazy(
            "E-mail domains this provider speaks for; empty allows any verified address."
        ),
    )
    sso_only = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "People of the allowed domains must sign in here: no password, no reset."
        ),
    )
    groups_claim = models.CharField(max_length=80, default="groups", blank=True)
    admin_groups = models.JSONField(
        default=list,
        blank=True,
        help_text=gettext_lazy("Groups whose members are organisation admins."),
    )
    # [{"group": "mentors-eng", "programme": "<slug>", "role": "mentor"}]
    programme_groups = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(default=now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_oidc(self) -> bool:
        return self.kind == self.Kind.OIDC

    @property
    def is_saml(self) -> bool:
        return self.kind == self.Kind.SAML

    def speaks_for(self, email: str) -> bool:
        """Whether this provider is the authority for the address's domain."""
        domain = email.rpartition("@")[2].lower()
        return domain in self.allowed_domains


class ExternalIdentity(models.Model):
    """Which person a provider's account is: the provider's stable subject
    (OIDC `sub`, SAML NameID), never the e-mail, which can change hands."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="identities"
    )
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    created_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_person_per_subject"),
            models.UniqueConstraint(fields=["provider", "user"], name="one_subject_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.provider.slug}:{self.subject}"


class SeenAssertion(models.Model):
    """A SAML assertion already used to sign in, kept until it expires so
    the same answer cannot be posted again (a replay)."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="+")
    assertion_id = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["provider", "assertion_id"], name="assertion_used_once")
        ]

    def __str__(self) -> str:
        return self.assertion_id


class ScimToken(models.Model):
    """A bearer token an organisation admin issues to the directory (Entra
    ID, Okta) for SCIM provisioning; it acts as that admin. Only a SHA-256
    digest is kept."""

    name = models.CharField(max_length=80, validators=[validate_single_line])
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim_tokens"
    )
    created_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ScimPerson(models.Model):
    """A person as the directory knows them: the SCIM id Kindred gave them
    and the directory's own id (externalId)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim"
    )
    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # As the directory sends them, to give back as sent; the account's own
    # full name and address are derived from them (kindred.identity.scim).
    user_name = models.CharField(max_length=255, db_index=True)
    given_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    formatted_name = models.CharField(max_length=150, blank=True)
    display_name = models.CharField(max_length=150, blank=True)
    emails = models.JSONField(default=list, blank=True)
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return str(self.scim_id)


class ScimGroup(models.Model):
    """A group the directory pushes (Entra ID's assigned groups, Okta's push
    groups). What membership grants in Kindred is set by an organisation
    admin in the app, never by the directory: a group is nothing until
    mapped."""

    class Grant(models.TextChoices):
        NOTHING = "", gettext_lazy("Nothing yet")
        ORG_ADMIN = "org_admin", gettext_lazy("Organisation admin")
        MANAGER = "manager", gettext_lazy("Manager of a programme")
        MENTOR = "mentor", gettext_lazy("Mentor in a programme")
        MENTEE = "mentee", gettext_lazy("Mentee in a programme")

    PROGRAMME_GRANTS: ClassVar[set[str]] = {Grant.MANAGER, Grant.MENTOR, Grant.MENTEE}

    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(max_length=255, validators=[validate_single_line])
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    members = models.ManyToManyField(ScimPerson, related_name="groups", blank=True)
    grants = models.CharField(max_length=10, choices=Grant.choices, blank=True, default="")
    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering: ClassVar[list[str]] = ["display_name", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def grant_described(self) -> str:
        """In words: "Mentor in Remote Leaders 2026"."""
        grants, programme_id = self.grant
        if not grants:
            return ""
        if programme_id is None:
            return str(self.Grant(grants).label)
        described = {
            "manager": gettext("Manager of %(programme)s"),
            "mentor": gettext("Mentor in %(programme)s"),
            "mentee": gettext("Mentee in %(programme)s"),
        }[grants]
        return described % {"programme": self.programme}

    @property
    def grant(self) -> tuple[str, int | None]:
        """What membership gives: (grants, programme id); a programme role
        whose programme was deleted gives nothing."""
        if self.grants not in self.PROGRAMME_GRANTS:
            return self.grants, None
        if self.programme_id is None:
            return self.Grant.NOTHING, None
        return self.grants, self.programme_id


class RosterSync(models.Model):
    """The organisation's roster feed (one row): where a scheduled pull
    fetches the HR roster, how often, and how its last run went. The
    admin who set it up is who its changes act as, as a SCIM token does."""

    class Outcome(models.TextChoices):
        NONE = "", gettext_lazy("Not run yet")
        DONE = "done", gettext_lazy("Done")
        HELD = "held", gettext_lazy("Held for a person to confirm")
        FAILED = "failed", gettext_lazy("Failed")

    source = models.CharField(
        max_length=500,
        blank=True,
        help_text=gettext_lazy("An https:// address, or a file's path under the roster folder."),
    )
    enabled = models.BooleanField(default=False)
    every_hours = models.PositiveSmallIntegerField(
        default=24, validators=[MinValueValidator(1), MaxValueValidator(24 * 7)]
    )
    max_leavers_percent = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=gettext_lazy(
            "A scheduled pull that would deactivate more of the organisation than "
            "this waits for a person to confirm it."
        ),
    )
    acting_as = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    last_message = models.TextField(blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.source or "roster sync"

    @property
    def message_words(self) -> str:
        """The last outcome, in the reader's language (kindred.lib.phrases)."""
        return shown(self.last_message)


class RosterUpload(models.Model):
    """A full roster uploaded and previewed, kept until an organisation
    admin confirms it (or for a day): the leavers it implies are shown
    before anyone is deactivated."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return self.filename
