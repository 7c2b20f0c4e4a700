"""The e-mails meetings send: invitations, cancellations and nudges. Their
words are in `meetings/email/`; these classes say what each one needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.lib.timezones import day_in, when_in
from kindred.meetings.video import join_link
from kindred.notifications.messages import Message
from kindred.relationships.models import Relationship

# How often a pair agreed to meet, as the e-mails say it ("meet weekly").
CADENCE_PHRASES = {
    "weekly": gettext_lazy("weekly"),
    "fortnightly": gettext_lazy("every two weeks"),
    "monthly": gettext_lazy("monthly"),
}


def cadence_phrase(cadence: str) -> str:
    return str(CADENCE_PHRASES.get(cadence, cadence))


def _about(relationship: int, recipient: User | None, start: dt.datetime) -> dict[str, object]:
    zone = recipient.timezone if recipient else "UTC"
    return {"when": when_in(start, zone), "link": absolute_url("pages:relationship", relationship)}


def _joined(relationship: int) -> tuple[Relationship, str]:
    """The pair, and the link its meetings are joined by."""
    pair = Relationship.objects.select_related("programme", "mentor", "mentee").get(pk=relationship)
    return pair, join_link(pair)


@dataclass(frozen=True)
class MeetingInvitation(Message):
    kind = "meeting_request"
    template = "meetings/email/meeting_request.txt"
    relationship: int
    meeting: int
    start: dt.datetime

    def context(self, recipient: User | None) -> dict[str, object]:
        _, join = _joined(self.relationship)
        return _about(self.relationship, recipient, self.start) | {"join": join}


@dataclass(frozen=True)
class MeetingCancellation(Message):
    kind = "meeting_cancel"
    template = "meetings/email/meeting_cancel.txt"
    relationship: int
    meeting: int
    start: dt.datetime
    one_of_series: bool = False  # the rest of its series stands

    def context(self, recipient: User | None) -> dict[str, object]:
        return _about(self.relationship, recipient, self.start) | {
            "one_of_series": self.one_of_series
        }


@dataclass(frozen=True)
class SeriesInvitation(Message):
    kind = "series_request"
    template = "meetings/email/series_request.txt"
    relationship: int
    series: int
    first_start: dt.datetime
    count: int
    cadence: str
    flagged: int  # occurrences that need another time

    def context(self, recipient: User | None) -> dict[str, object]:
        about = _about(self.relationship, recipient, self.first_start)
        cadence = cadence_phrase(self.cadence)
        return about | {"count": self.count, "cadence": cadence, "flagged": self.flagged}


@dataclass(frozen=True)
class CadenceNudge(Message):
    kind = "nudge_cadence"
    template = "meetings/email/nudge_cadence.txt"
    relationship: int
    cadence: str
    since: dt.datetime  # the last session held, or the start

    def context(self, recipient: User | None) -> dict[str, object]:
        return {
            "cadence": cadence_phrase(self.cadence),
            "since": day_in(self.since, recipient.timezone if recipient else "UTC"),
            "link": absolute_url("pages:relationship", self.relationship),
        }


@dataclass(frozen=True)
class MeetingSoon(Message):
    """A confirmed meeting starts within a couple of hours: when, with whom,
    and the link to join it."""

    kind = "nudge_meeting_soon"
    template = "meetings/email/nudge_meeting_soon.txt"
    relationship: int
    meeting: int
    start: dt.datetime

    def context(self, recipient: User | None) -> dict[str, object]:
        pair, join = _joined(self.relationship)
        partner = pair.mentee if recipient and recipient.pk == pair.mentor_id else pair.mentor
        about = _about(self.relationship, recipient, self.start)
        return about | {"join": join, "partner": partner.display_name}


@dataclass(frozen=True)
class UnconfirmedNudge(Message):
    kind = "nudge_unconfirmed"
    template = "meetings/email/nudge_unconfirmed.txt"
    relationship: int
    meeting: int
    start: dt.datetime
    proposer: int | None

    def context(self, recipient: User | None) -> dict[str, object]:
        proposer = User.objects.filter(pk=self.proposer).first() if self.proposer else None
        return _about(self.relationship, recipient, self.start) | {"proposer": proposer}

    def named(self) -> tuple[int, ...]:
        return (self.proposer,) if self.proposer else ()
