"""A person's own calendars, read for busy time only.

A connection holds how to read one calendar: a secret iCalendar address,
or a CalDAV account. Both are credentials (anyone holding a secret address
reads every event in it), so they are stored sealed (kindred.lib.sealing).
What is kept of the calendar is busy intervals, start and end, and nothing
else: no title, attendee, place or description is ever stored."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy

from kindred.lib.phrases import said, shown
from kindred.lib.text import validate_single_line


class CalendarConnection(models.Model):
    class Kind(models.TextChoices):
        ICS = "ics", gettext_lazy("Calendar address (iCal)")
        CALDAV = "caldav", gettext_lazy("CalDAV account")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_connections"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=80, validators=[validate_single_line])
    # Where it lives, shown to its owner without its secret part.
    host = models.CharField(max_length=255)
    url_sealed = models.TextField()
    username = models.CharField(max_length=200, blank=True)
    password_sealed = models.TextField(blank=True)
    all_day_blocks = models.BooleanField(
        default=False, help_text=gettext_lazy("All-day events (leave, travel) block the whole day.")
    )
    # Conditional requests: what the server said last time.
    etag = models.CharField(max_length=255, blank=True)
    last_modified = models.CharField(max_length=64, blank=True)
    read_until = models.DateTimeField(null=True, blank=True)  # busy time is known up to here
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    skipped = models.JSONField(default=list, blank=True)  # parts that could not be read, kept
    # CalDAV only: Kindred also writes the owner's meetings into it.
    write_meetings = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "Kindred puts your meetings in this calendar, and keeps them up to date."
        ),
    )
    # The account's calendars as last read ({"url", "name"}), and the one
    # meetings go into (empty: the one the address names, or the first).
    calendars = models.JSONField(default=list, blank=True)
    write_to = models.CharField(max_length=1000, blank=True)
    last_written_at = models.DateTimeField(null=True, blank=True)
    write_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def skipped_words(self) -> list[str]:
        """What could not be read, in the reader's language."""
        return said(self.skipped)

    @property
    def error_words(self) -> str:
        """Why the last read failed, in the reader's language."""
        return shown(self.last_error)

    @property
    def write_error_words(self) -> str:
        """Why meetings could not all be written, in the reader's language."""
        return shown(self.write_error)

    def write_target(self, write_to: str | None = None) -> str:
        """The address of the calendar meetings go into with `write_to`
        chosen (by default the one chosen now): it, or else the account's
        calendar listed first (the one the address names, or the first)."""
        chosen = self.write_to if write_to is None else write_to
        if chosen or not self.calendars:
            return chosen
        return str(self.calendars[0]["url"])

    @property
    def written_into(self) -> str:
        """The name of the calendar meetings are written into ("" if it is
        not known yet)."""
        target = self.write_target().rstrip("/")
        named = [c["name"] for c in self.calendars if c["url"].rstrip("/") == target]
        return str(named[0]) if named else ""


class BusyInterval(models.Model):
    """A time the owner's calendar shows busy: when, and nothing about why."""

    connection = models.ForeignKey(
        CalendarConnection, on_delete=models.CASCADE, related_name="busy"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["owner", "start"])]

    def __str__(self) -> str:
        return f"busy {self.start:%Y-%m-%d %H:%M} to {self.end:%H:%M} UTC"


class WrittenEvent(models.Model):
    """A meeting Kindred wrote into its owner's calendar: where, and a digest
    of what it said then, so that only a change is written again, and a
    cancelled meeting is taken out. Nothing of the calendar itself is kept."""

    connection = models.ForeignKey(
        CalendarConnection, on_delete=models.CASCADE, related_name="written"
    )
    uid = models.CharField(max_length=120)
    href = models.CharField(max_length=1000)
    digest = models.CharField(max_length=64)
    ends_at = models.DateTimeField()  # after this, a copy is history and left alone

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["connection", "uid"], name="one_copy_per_calendar")
        ]

    def __str__(self) -> str:
        return self.uid
