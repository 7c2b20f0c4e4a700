"""The e-mails circles send. Their words are in `circles/email/`; these
classes say what each one needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.circles.models import Circle
from kindred.circles.video import join_link
from kindred.lib.links import absolute_url
from kindred.lib.timezones import when_in
from kindred.notifications.messages import Message
from kindred.projects.messages import FeedbackOnProject


def _circle(circle: int) -> dict[str, object]:
    found = Circle.objects.select_related("programme").get(pk=circle)
    return {"circle": found, "link": absolute_url("circles:detail", circle)}


@dataclass(frozen=True)
class CircleFormed(Message):
    kind = "circle_formed"
    template = "circles/email/formed.txt"
    circle: int
    facilitator: bool  # the recipient facilitates it

    def context(self, recipient: User | None) -> dict[str, object]:
        return _circle(self.circle) | {"facilitator": self.facilitator}


@dataclass(frozen=True)
class CircleMeetingInvitation(Message):
    kind = "circle_meeting_request"
    template = "circles/email/meeting_request.txt"
    circle: int
    meeting: int
    start: dt.datetime

    def context(self, recipient: User | None) -> dict[str, object]:
        # The link is read when the e-mail is written, never kept in the
        # outbox (a secured room's link carries its token).
        zone = recipient.timezone if recipient else "UTC"
        about = _circle(self.circle)
        circle = about["circle"]
        assert isinstance(circle, Circle)
        return about | {"when": when_in(self.start, zone), "join": join_link(circle)}


@dataclass(frozen=True)
class CircleMeetingCancellation(Message):
    kind = "circle_meeting_cancel"
    template = "circles/email/meeting_cancel.txt"
    circle: int
    meeting: int
    start: dt.datetime

    def context(self, recipient: User | None) -> dict[str, object]:
        zone = recipient.timezone if recipient else "UTC"
        return _circle(self.circle) | {"when": when_in(self.start, zone)}


@dataclass(frozen=True)
class CircleMessages(Message):
    kind = "message_circle"
    template = "circles/email/new_messages.txt"
    circle: int
    sender: int

    def context(self, recipient: User | None) -> dict[str, object]:
        return _circle(self.circle) | {"sender": User.objects.get(pk=self.sender)}

    def named(self) -> tuple[int, ...]:
        return (self.sender,)


@dataclass(frozen=True)
class CircleProjectFeedback(FeedbackOnProject):
    kind = "circle_project_feedback"
    template = "circles/email/project_feedback.txt"
    circle: int

    def page(self) -> str:
        return absolute_url("circles:project", self.circle, self.project)
