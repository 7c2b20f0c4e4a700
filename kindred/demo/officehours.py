"""Office hours in the demo: the demo mentor, Kenji, offers an hour a week
to the main programme; the demo mentee, Ananya, has a conversation
booked, and earlier ones show a check-in and a missed conversation."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kindred.accounts.models import User
from kindred.officehours import selectors, services
from kindred.officehours.models import Booking, OfficeHours
from kindred.programs.models import Programme


def build_office_hours(host: User, guest: User, programme: Programme) -> int:
    """Returns how many conversations the demo's office hours hold; safe to rerun."""
    if OfficeHours.objects.filter(host=host).exists():
        return Booking.objects.filter(host=host).count()
    programme.offers_office_hours = True  # the programme's managers switched them on
    programme.save(update_fields=["offers_office_hours"])
    day, start = _first_window(host)
    hours = services.hours_publish(
        actor=host,
        programmes=[programme],
        weekday=day,
        start=start,
        end=f"{int(start[:2]) + 1:02d}{start[2:]}",
        slot_minutes=30,
        capacity=1,
        about="Leading engineers remotely, first-time management, moving into tech leadership",
    )
    now = timezone.now()
    slots = selectors.open_slots(hours, now=now)
    if slots:
        services.booking_create(
            actor=guest, hours=hours, start=slots[0].start,
            topic="Running my first remote team retrospective", now=now,
        )  # fmt: skip
    _earlier(hours, guest, now)
    return Booking.objects.filter(host=host).count()


def _first_window(host: User) -> tuple[int, str]:
    """The host's first weekday window, its first hour (inside their hours)."""
    windows = sorted(host.profile.working_windows, key=lambda w: (w["day"], w["start"]))
    first = windows[0] if windows else {"day": 3, "start": "10:00"}
    return int(first["day"]), str(first["start"])


def _earlier(hours: OfficeHours, guest: User, now: dt.datetime) -> None:
    """Two past conversations: one held (its guest checked in), one that
    did not happen because the guest could not come."""
    past = selectors.occurrences(hours, now - dt.timedelta(weeks=3), now - dt.timedelta(hours=1))
    weekly = past[:: max(1, len(past) // 2)][-2:]  # the first slot of two past weeks
    for (start, _), status in zip(
        weekly, (Booking.Status.HELD, Booking.Status.NO_SHOW), strict=False
    ):
        weeks = 2 if status == Booking.Status.HELD else 1
        Booking.objects.create(
            hours=hours,
            host=hours.host,
            guest=guest,
            programme=hours.programmes.get(),
            start=start,
            end=start + dt.timedelta(minutes=hours.slot_minutes),
            topic="Asking for a stretch assignment" if weeks == 2 else "Giving hard feedback",
            status=status,
            absent=guest if status == Booking.Status.NO_SHOW else None,
            useful=5 if status == Booking.Status.HELD else None,
            checked_in_at=start + dt.timedelta(hours=2) if status == Booking.Status.HELD else None,
        )
