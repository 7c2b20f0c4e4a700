"""The e-mail about unread messages. Words in `messaging/email/`. (The
model of a message in a thread is `messaging.models.Message`.)"""

from __future__ import annotations

from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.notifications import messages as email


@dataclass(frozen=True)
class NewMessages(email.Message):
    kind = "message"
    template = "messaging/email/new_messages.txt"
    relationship: int
    sender: int
    count: int  # unread in this stretch

    def context(self, recipient: User | None) -> dict[str, object]:
        return {
            "sender": User.objects.get(pk=self.sender),
            "count": self.count,
            "link": absolute_url("messaging:thread", self.relationship),
        }

    def named(self) -> tuple[int, ...]:
        return (self.sender,)
