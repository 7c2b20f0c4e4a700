"""The e-mails office hours send. Words in `officehours/email/`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.lib.timezones import when_in
from kindred.notifications.messages import Message
from kindred.officehours.video import join_link


def _about(booking: int, start: dt.datetime, recipient: User | None) -> dict[str, object]:
    from kindred.officehours.models import Booking

    found = Booking.objects.select_related("host", "guest").get(pk=booking)
    zone = recipient.timezone if recipient else "UTC"
    other = found.guest if recipient and recipient.pk == found.host_id else found.host
    return {
        "booking": found,
        "other": other,
        "hosting": bool(recipient and recipient.pk == found.host_id),
        "when": when_in(start, zone),
        "link": absolute_url("officehours:booking", booking),
    }


@dataclass(frozen=True)
class ConversationBooked(Message):
    kind = "office_hours_booked"
    template = "officehours/email/booked.txt"
    booking: int
    start: dt.datetime

    def context(self, recipient: User | None) -> dict[str, object]:
        # The link is read when the e-mail is written, never kept in the
        # outbox (a secured room's link carries its token).
        about = _about(self.booking, self.start, recipient)
        return about | {"join": join_link(about["booking"])}  # type: ignore[arg-type]


@dataclass(frozen=True)
class ConversationCancelled(Message):
    kind = "office_hours_cancel"
    template = "officehours/email/cancelled.txt"
    booking: int
    start: dt.datetime

    def context(self, recipient: User | None) -> dict[str, object]:
        return _about(self.booking, self.start, recipient)
