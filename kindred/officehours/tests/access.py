"""Who may reach each office-hours page and endpoint. The partner (a
mentor) holds the hours; the owner (a mentee) has booked a conversation;
the participant is in the same programme and may book, not see the
owner's booking; everyone else finds nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kindred.conftest import World, give_intake
from kindred.lib.tests.access import SIGNED_IN, Case, Rows
from kindred.lib.tests.shared_rows import NOBODY_ELSE
from kindred.officehours import selectors, services
from kindred.officehours.models import Booking, OfficeHours
from kindred.officehours.tests.test_office_hours import offer_office_hours


@dataclass
class Setup:
    hours: OfficeHours
    booking: Booking
    next_free: dt.datetime


def hours_setup(world: World, request: Any) -> Setup:
    offer_office_hours(world.programme)
    for n, person in enumerate([world.owner, world.partner, world.participant]):
        give_intake(person, seed=n)
    hours = services.hours_publish(
        actor=world.partner, programmes=[world.programme], weekday=2, start="14:00", end="16:00"
    )
    slots = selectors.open_slots(hours, now=dt.datetime.now(dt.UTC))
    booking = services.booking_create(
        actor=world.owner, hours=hours, start=slots[0].start, topic="My first team review"
    )
    return Setup(hours, booking, slots[1].start)


def of(s: Setup, tail: str = "") -> str:
    return f"/office-hours/bookings/{s.booking.pk}/{tail}"


BOTH = NOBODY_ELSE | {"owner": 200, "partner": 200}
BOTH_ACT = NOBODY_ELSE | {"owner": 302, "partner": 302}
GUESTS = NOBODY_ELSE | {"owner": 200, "participant": 200}

ROWS = [
    Rows(
        hours_setup,
        [
            Case("office hours", "get", lambda s: "/office-hours/", SIGNED_IN),
            Case(
                "publish office hours",
                "post",
                lambda s: "/office-hours/publish/",
                dict.fromkeys(SIGNED_IN, 400) | {"partner": 302},
                body=lambda s: {
                    "programmes": [s.hours.programmes.first().pk],
                    "weekday": "3",
                    "start": "10:00",
                    "end": "11:00",
                    "slot_minutes": "30",
                    "capacity": "1",
                },
            ),
            Case(
                "a host's open times", "get", lambda s: f"/office-hours/hours/{s.hours.pk}/", GUESTS
            ),
            Case(
                "book office hours",
                "post",
                lambda s: f"/office-hours/hours/{s.hours.pk}/book/",
                NOBODY_ELSE | {"owner": 302, "participant": 302},
                body=lambda s: {"slot": s.next_free.isoformat(), "topic": "Hiring well"},
            ),
            Case(
                "stop office hours",
                "post",
                lambda s: f"/office-hours/hours/{s.hours.pk}/end/",
                NOBODY_ELSE | {"partner": 302},
            ),
            Case("a booking", "get", lambda s: of(s), BOTH),
            Case("cancel a booking", "post", lambda s: of(s, "cancel/"), BOTH_ACT),
            Case(
                "record a booking",
                "post",
                lambda s: of(s, "record/"),
                BOTH_ACT | {"owner": 403},
                body=lambda s: {"happened": "yes"},
            ),
            Case(
                "check in on a booking",
                "post",
                lambda s: of(s, "check-in/"),
                BOTH_ACT | {"partner": 403},
                body=lambda s: {"useful": "4"},
            ),
            Case("go on from a booking", "post", lambda s: of(s, "continue/"), BOTH_ACT),
            Case("booking invite", "get", lambda s: of(s, "invite.ics"), BOTH),
        ],
    )
]
