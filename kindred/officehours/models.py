"""Office hours: a mentor publishes recurring bookable hours; anyone in
one of the programmes they name books a single conversation with a
topic. A conversation may become a mentoring relationship if both want."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kindred.engines.calendar.invite import UID_SUFFIX
from kindred.lib.text import validate_single_line


def new_uid() -> str:
    return f"{uuid.uuid4()}{UID_SUFFIX}"


class OfficeHours(models.Model):
    """A weekly window (in the host's zone) cut into bookable slots."""

    DAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"),
            (5, "Saturday"), (6, "Sunday")]  # fmt: skip

    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_hours"
    )
    programmes = models.ManyToManyField("programs.Programme", related_name="office_hours")
    weekday = models.PositiveSmallIntegerField(choices=DAYS)
    start = models.CharField(max_length=5)  # "HH:MM", the host's local time
    end = models.CharField(max_length=5)
    slot_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(15), MaxValueValidator(120)]
    )
    capacity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=gettext_lazy(
            'People per slot: more than one makes it a small group conversation.'
        ),
    )  # fmt: skip
    about = models.CharField(
        max_length=300, blank=True, validators=[validate_single_line],
        help_text=gettext_lazy('What you are glad to talk about.'),
    )  # fmt: skip
    video_link = models.URLField(blank=True, max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["host", "weekday", "start"]
        verbose_name_plural = "office hours"

    def __str__(self) -> str:
        return f"{self.host}: {self.get_weekday_display()} {self.start}-{self.end}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class Booking(models.Model):
    """One conversation booked in office hours."""

    class Status(models.TextChoices):
        BOOKED = "booked", gettext_lazy("Booked")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")
        HELD = "held", gettext_lazy("Held")
        NO_SHOW = "no_show", gettext_lazy("Did not happen")

    LATE_CANCELLATION_HOURS = 24

    hours = models.ForeignKey(OfficeHours, on_delete=models.CASCADE, related_name="bookings")
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    guest = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_hour_bookings"
    )
    programme = models.ForeignKey("programs.Programme", on_delete=models.CASCADE, related_name="+")
    uid = models.CharField(max_length=80, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(default=0)
    start = models.DateTimeField()
    end = models.DateTimeField()
    topic = models.CharField(max_length=200, validators=[validate_single_line])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    late_cancellation = models.BooleanField(default=False)
    # Who did not come, when it did not happen (the host records it).
    absent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The guest's short check-in afterwards: theirs alone.
    useful = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 to 5
    checkin_note = models.CharField(max_length=500, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # A conversation that becomes a mentoring relationship: both say so.
    host_wants_more = models.BooleanField(default=False)
    guest_wants_more = models.BooleanField(default=False)
    relationship = models.OneToOneField(
        "relationships.Relationship", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="from_office_hours",
    )  # fmt: skip

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="booking_ends_after_start"
            ),
            # However the requests race, one person holds one place in a slot.
            models.UniqueConstraint(
                fields=["hours", "start", "guest"],
                condition=Q(status="booked"),
                name="one_booking_per_guest_per_slot",
            ),
        ]
        indexes = [models.Index(fields=["hours", "start", "status"])]

    def __str__(self) -> str:
        return f"{self.guest} with {self.host} at {self.start:%Y-%m-%d %H:%M} UTC"

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD
