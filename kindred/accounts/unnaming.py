"""Taking an erased person's name and address out of what other people keep:
their e-mails (subject, text, HTML and the calendar file attached) and the
warnings stored on their shared meetings.

A name is replaced only where it stands as a whole name ("Ann" never turns
"Anna" into "Erased person #7a"), and a calendar file is read and written as
one (its lines fold at 75 octets, so an address can straddle two of them):
the ATTENDEE and ORGANIZER that name the person point at the anonymised
account instead. Calendar clients match events by UID, so a rewritten
file still updates or cancels the same event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from icalendar import Calendar, vCalAddress

from kindred.accounts.models import User


@dataclass(frozen=True)
class Unnaming:
    name: str
    email: str
    label: str  # "Erased person #n"
    anonymous_email: str

    def _pattern(self, text: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w@.]){re.escape(text)}(?![\w@])", re.IGNORECASE)

    def text(self, value: str) -> str:
        """`value` with the address and the whole name replaced."""
        value = self._pattern(self.email).sub(self.anonymous_email, value)
        if self.name:
            value = self._pattern(self.name).sub(self.label, value)
        return value

    def mentions(self, value: str) -> bool:
        return self.text(value) != value

    def ics(self, value: str) -> str:
        """The calendar file with the person's attendee entries, and any
        text that names them, pointing at the anonymised account."""
        calendar = Calendar.from_ical(value)
        for component in calendar.walk():
            for prop in ("ATTENDEE", "ORGANIZER"):
                if prop in component:
                    component[prop] = self._addresses(component[prop])
            for prop in ("SUMMARY", "DESCRIPTION", "COMMENT"):
                if prop in component:
                    component[prop] = self.text(str(component[prop]))
        return calendar.to_ical().decode()

    def _addresses(self, found: object) -> object:
        if isinstance(found, list):
            return [self._address(entry) for entry in found]
        return self._address(found)

    def _address(self, entry: object) -> object:
        if str(entry).lower().removeprefix("mailto:") != self.email.lower():
            return entry
        replaced = vCalAddress(f"mailto:{self.anonymous_email}")
        params = getattr(entry, "params", {})
        for key, value in params.items():
            replaced.params[key] = value
        replaced.params["CN"] = self.label
        return replaced


def unname_in_others_notifications(unnaming: Unnaming, partners: list[User]) -> None:
    """Other people's e-mails stay, but no longer name the person. Typed
    messages are rendered again from their parameters once the account is
    anonymised (`notifications.services.rerender`); here, the calendar files
    a partner was sent point at the anonymised account (attendee lines fold,
    so all of a partner's are read), and rows queued before messages were
    typed, which cannot be rendered again, have the name replaced."""
    from kindred.notifications.models import Notification

    named = Q()
    for text in filter(None, (unnaming.name, unnaming.email)):
        named |= Q(subject__icontains=text) | Q(body__icontains=text)
        named |= Q(payload__html__icontains=text)
    untyped = Q(params={}) & named
    rows = Notification.objects.filter(untyped | Q(recipient__in=partners, payload__has_key="ics"))
    for row in rows.iterator():
        changed = _unnamed(row, unnaming)
        if changed:
            Notification.objects.filter(pk=row.pk).update(**changed)


def _unnamed(row: Any, unnaming: Unnaming) -> dict[str, Any]:
    payload = dict(row.payload or {})
    if isinstance(payload.get("html"), str):  # kept by notifications queued before this release
        payload["html"] = unnaming.text(payload["html"])
    if isinstance(payload.get("ics"), str):
        payload["ics"] = unnaming.ics(payload["ics"])
    found: dict[str, Any] = {"payload": payload}
    if not row.params:  # queued before messages were typed: its words are all there is
        found |= {"subject": unnaming.text(row.subject), "body": unnaming.text(row.body)}
    return {k: v for k, v in found.items() if v != getattr(row, k)}
