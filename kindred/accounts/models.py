from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils.functional import cached_property
from django.utils.timezone import now
from django.utils.translation import gettext_lazy

from kindred.lib import cache
from kindred.lib.text import validate_single_line


def normalise_email(email: str) -> str:
    """E-mail addresses identify people across HR imports, so they compare
    case-insensitively everywhere: store them lower-cased."""
    return email.strip().lower()


class PeopleQuerySet(models.QuerySet["User"]):
    """Changes to many accounts at once send no signals: these invalidate
    what is cached for the people they change themselves (kindred.lib.cache)."""

    def update(self, **values: Any) -> int:
        changed = list(self.values_list("pk", flat=True)) if cache.enabled() else []
        count = super().update(**values)
        cache.invalidate(changed)
        return count

    def bulk_update(
        self, objs: Iterable[User], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        objs = list(objs)
        count = super().bulk_update(objs, fields, batch_size=batch_size)
        cache.invalidate(user.pk for user in objs)
        return count


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> PeopleQuerySet:
        return PeopleQuerySet(self.model, using=self._db)

    def get_by_natural_key(self, username: str | None) -> User:
        # Sign-in and password reset compare e-mails case-insensitively.
        return self.get(email=normalise_email(username or ""))

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, is_org_admin=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person in the organisation. HR fields come from the people import;
    the person can also edit time zone and languages in their intake."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    title = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    department = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    manager_email = models.EmailField(blank=True, db_index=True)
    location = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    timezone = models.CharField(max_length=64, default="UTC")
    languages = models.JSONField(default=list, blank=True)
    # The language Kindred speaks to them in: pages, e-mails, invitations.
    # Empty until they choose or first sign in (then their browser's).
    language = models.CharField(max_length=8, blank=True, choices=settings.LANGUAGES)

    is_org_admin = models.BooleanField(
        default=False, help_text=gettext_lazy("Organisation admins see and manage every programme.")
    )
    personal_room_url = models.URLField(
        gettext_lazy("Your video room"),
        blank=True,
        max_length=500,
        help_text=gettext_lazy(
            "Your personal Zoom, Microsoft Teams or Google Meet link, for "
            "programmes that meet in the mentor's room."
        ),
    )
    is_staff = models.BooleanField(
        default=False, help_text=gettext_lazy("May use the Django admin.")
    )
    email_verified = models.BooleanField(
        default=True,
        help_text=(
            gettext_lazy(
                "Whether the address is known to be the person's: HR gave it, or its "
                "holder followed a link e-mailed to it. An import never merges into an "
                "account without it."
            )
        ),
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=now)
    # Kinds of optional e-mail the person turned off (kindred.notifications.kinds).
    muted_emails = models.JSONField(default=list, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    # What the organisation's HR records say, written by the people import
    # (and later by roster sync); the one list every reader of them uses.
    HR_FIELDS: ClassVar[tuple[str, ...]] = (
        "full_name", "title", "level", "department", "manager_email", "location",
    )  # fmt: skip
    # What a person owns once they confirmed it in their intake.
    SELF_OWNED_FIELDS: ClassVar[tuple[str, ...]] = ("timezone", "languages")

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]
    # Set when the account was read through kindred.lib.cache: the
    # person's cache version, read once per request.
    cache_version: str | None = None
    password_was_changed = False

    class Meta:
        ordering = ["full_name", "email"]
        # People lists page in this order; with the index the first pages
        # of a 13,000-member programme come without sorting it whole.
        indexes = [models.Index(fields=["full_name", "email"], name="user_name_order")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    @cached_property
    def runs_programmes(self) -> bool:
        """Whether the person manages any programme: the home asks twice
        while drawing, so it is read once per instance."""
        return self.is_org_admin or self.managed_programmes.exists()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalise_email(self.email)
        self.manager_email = normalise_email(self.manager_email)
        # set_password() on an existing account (a reset, the admin): the
        # save signal then revokes its API tokens and tells the person
        # (kindred.accounts.signals); sessions end by their password hash.
        self.password_was_changed = (
            self.pk is not None and getattr(self, "_password", None) is not None
        )
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest is stored: the token holds
    256 random bits, so a fast hash is safe and lets us look it up directly."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, help_text=gettext_lazy("Shown to tell tokens apart."))
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class TotpDevice(models.Model):
    """A person's authenticator app: the shared key, sealed at rest, and
    the last time step used, so a code seen once is never accepted again."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret_sealed = models.TextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"authenticator of {self.user_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time code for when the authenticator is lost; only its digest
    is kept (each holds 50 random bits, so a fast hash is enough)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class Passkey(models.Model):
    """A WebAuthn credential (a passkey, a security key) the person
    registered as a second factor: its public key only; the private key
    never leaves the authenticator."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=80, validators=[validate_single_line])
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at"]

    def __str__(self) -> str:
        return self.name


class HrChange(models.Model):
    """One dated change in a person's HR record, so that outcomes can ask
    who stayed and who was promoted against colleagues who did not take
    part: everyone in the directory counts, not only participants. Written
    by the people import (level, department and location as they change),
    the HR history import (years back), and the directory (a leaver, a
    returner)."""

    class Kind(models.TextChoices):
        HIRED = "hired", gettext_lazy("Joined")
        LEFT = "left", gettext_lazy("Left")
        LEVEL = "level", gettext_lazy("Level")
        DEPARTMENT = "department", gettext_lazy("Department")
        LOCATION = "location", gettext_lazy("Location")

    class LeaveReason(models.TextChoices):
        VOLUNTARY = "voluntary", gettext_lazy("Voluntary")
        INVOLUNTARY = "involuntary", gettext_lazy("Involuntary")
        UNKNOWN = "unknown", gettext_lazy("Not known")

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="hr_changes")
    on = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The new level, department or location; a leaver's reason.
    value = models.CharField(max_length=150, blank=True, validators=[validate_single_line])

    class Meta:
        ordering: ClassVar[list[str]] = ["person", "on", "kind"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["person", "kind", "on"], name="one_hr_change_a_day")
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["kind", "on"])]

    def __str__(self) -> str:
        return f"{self.kind} of {self.person_id} on {self.on}"
