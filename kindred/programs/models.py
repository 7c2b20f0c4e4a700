from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from kindred.lib.languages import reader_text
from kindred.lib.text import validate_single_line


class Cadence(models.TextChoices):
    WEEKLY = "weekly", gettext_lazy("Weekly")
    FORTNIGHTLY = "fortnightly", gettext_lazy("Every two weeks")
    MONTHLY = "monthly", gettext_lazy("Monthly")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    ENROLLING = "enrolling", gettext_lazy("Open for enrolment")
    MATCHING = "matching", gettext_lazy("Matching")
    RUNNING = "running", gettext_lazy("Running")
    CLOSED = "closed", gettext_lazy("Closed")


class Role(models.TextChoices):
    MENTOR = "mentor", gettext_lazy("Mentor")
    MENTEE = "mentee", gettext_lazy("Mentee")


class Programme(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, validators=[validate_single_line])
    description = models.TextField(blank=True, max_length=4000)
    goals = models.TextField(blank=True, max_length=4000)
    invitation_note = models.TextField(
        gettext_lazy("Note to the people you invite"),
        blank=True,
        max_length=1000,
        help_text=gettext_lazy(
            "Shown on the invitation page and in invitation e-mails: why join, "
            "what it asks of them, whom to ask."
        ),
    )
    language = models.CharField(
        gettext_lazy("Written in"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=gettext_lazy(
            "The language of the programme's own texts. Give them in other "
            "languages on the programme's languages page; each reader sees their "
            "own, else these."
        ),
    )
    # {language: {"description": ..., "goals": ..., "invitation_note": ...}}
    translations = models.JSONField(default=dict, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    default_cadence = models.CharField(
        max_length=12, choices=Cadence.choices, default=Cadence.FORTNIGHTLY
    )
    mentor_capacity_default = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    joint_project_expected = models.BooleanField(default=False)
    showcase_date = models.DateField(null=True, blank=True)
    # Pulse surveys: the first this many days in, then every so many days,
    # and one at the programme's end.
    survey_first_day = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(7), MaxValueValidator(365)]
    )
    survey_every_days = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(14), MaxValueValidator(365)]
    )
    status = models.CharField(
        max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )

    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", gettext_lazy("One-to-one mentoring")
        REVERSE = "reverse", gettext_lazy("Reverse mentoring")
        CIRCLES = "circles", gettext_lazy("Mentoring circles")
        PEER = "peer", gettext_lazy("Peer mentoring")

    format = models.CharField(
        "Format",
        max_length=12,
        choices=Format.choices,
        default=Format.ONE_TO_ONE,
        help_text=gettext_lazy(
            "Chosen when the programme is created. In reverse mentoring a junior "
            "colleague mentors a senior one (in digital skills, new ways of "
            "working, or what it is like to be new here): the level gap is counted "
            "the other way. In circles one or two facilitators meet a small group "
            "of members together. In peer mentoring colleagues are paired from one "
            "pool, with no mentor side."
        ),
    )

    offers_office_hours = models.BooleanField(
        gettext_lazy("Office hours"),
        default=False,
        help_text=gettext_lazy(
            "Mentors may offer bookable one-off conversations to people in this "
            "programme, whatever its format."
        ),
    )

    class Video(models.TextChoices):
        AGREEMENT = "agreement", gettext_lazy("A link each pair agrees on")
        JITSI = "jitsi", gettext_lazy("A Jitsi Meet room for each pair")
        PERSONAL = "personal", gettext_lazy("The mentor's personal room (Zoom, Teams, Meet)")

    video = models.CharField(
        gettext_lazy("Video meetings"),
        max_length=10,
        choices=Video.choices,
        default=Video.AGREEMENT,
        help_text=gettext_lazy(
            "Where pairs meet: every invitation, meeting page and home carries the link."
        ),
    )
    jitsi_base_url = models.URLField(
        gettext_lazy("Jitsi server"), blank=True, default="https://meet.jit.si", max_length=200
    )
    jitsi_app_id = models.CharField(
        gettext_lazy("Jitsi app ID"), max_length=100, blank=True,
        help_text=gettext_lazy(
            "For a Jitsi server secured with tokens (JWT); empty for meet.jit.si."
        ),
    )  # fmt: skip
    jitsi_secret_sealed = models.TextField(blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="managed_programmes", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="programme_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def _reader(self, field: str) -> str:
        given = {code: texts.get(field, "") for code, texts in self.translations.items()}
        return reader_text(getattr(self, field), given)

    @property
    def reader_description(self) -> str:
        return self._reader("description")

    @property
    def reader_goals(self) -> str:
        return self._reader("goals")

    @property
    def reader_invitation_note(self) -> str:
        return self._reader("invitation_note")

    @property
    def is_reverse(self) -> bool:
        return self.format == self.Format.REVERSE

    @property
    def is_circles(self) -> bool:
        return self.format == self.Format.CIRCLES

    @property
    def is_peer(self) -> bool:
        return self.format == self.Format.PEER

    def has_matched(self) -> bool:
        """Whether anyone has been matched here (a run, a pair, a circle):
        the format is fixed from then on."""
        return self.relationships.exists() or self.match_runs.exists()

    @property
    def is_running(self) -> bool:
        return self.status == ProgrammeStatus.RUNNING

    @property
    def is_closed(self) -> bool:
        return self.status == ProgrammeStatus.CLOSED


class Membership(models.Model):
    """A participant's role in one programme. The same person may mentor in
    one programme and be mentored in another, but holds one role per programme."""

    class Source(models.TextChoices):
        INVITATION = "invitation", gettext_lazy("Invitation")
        IMPORT = "import", gettext_lazy("People import")
        MANUAL = "manual", gettext_lazy("Added by a manager")
        DIRECTORY = (
            "directory",
            gettext_lazy("The organisation's directory (single sign-on groups)"),
        )

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    capacity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text=gettext_lazy("Mentees this mentor can take; empty means the programme default."),
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MANUAL)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_role_per_programme")
        ]
        indexes = [models.Index(fields=["programme", "role"])]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.programme}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


def default_invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=30)


class Invitation(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=8, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    note = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    use_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} invitation to {self.programme}"

    def is_usable(self, *, at: datetime | None = None) -> bool:
        moment = at or timezone.now()
        return self.revoked_at is None and moment < self.expires_at


class ImportRun(models.Model):
    """What each people import did, for the programme's history (no
    programme: the organisation's roster, kindred.identity's roster sync)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="imports"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    rows = models.PositiveIntegerField()
    created = models.PositiveIntegerField()
    updated = models.PositiveIntegerField()
    enrolled = models.PositiveIntegerField()
    finished_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"Import of {self.rows} rows into {self.programme}"


class EmailInvitation(models.Model):
    """An invitation e-mailed to one address, tracked from sending to
    joining: sent, opened (the link followed), joined (the account made or
    first used), and reminded once if it lies unanswered for a week. Its
    link proves the address, like a password reset, and works until the
    person has joined or it expires."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="email_invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=8, choices=Role.choices)
    # The account, where one exists (an imported person has one, unused).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    opened_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "email"], name="one_email_invitation")
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.programme}"

    def is_usable(self, *, at: datetime | None = None) -> bool:
        return self.joined_at is None and (at or timezone.now()) < self.expires_at

    @property
    def state(self) -> str:
        """Where the invitation stands, in the reader's language."""
        if self.joined_at:
            return gettext("Joined")
        if self.opened_at:
            return gettext("Opened the link")
        return gettext("Reminded") if self.reminded_at else gettext("Sent")
