"""A message with its words given, for tests of the outbox itself (queueing,
digests, retries), where what the words say does not matter. Every real
kind of message is rendered from its template by the tests of its app."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from kindred.accounts.models import User
from kindred.notifications.messages import Message, Rendered


@dataclass(frozen=True)
class Plain(Message):
    kind: str  # type: ignore[misc]  # any kind: muting and digests go by it
    subject: str
    body: str

    def render(self, recipient: User | None) -> Rendered:
        html = render_to_string(
            "notifications/email.html", {"subject": self.subject, "body": self.body}
        )
        return Rendered(subject=self.subject, text=self.body, html=html)


def plain(kind: str, subject: str, body: str) -> Plain:
    return Plain(kind=kind, subject=subject, body=body)
