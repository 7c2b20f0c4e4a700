"""The e-mails about commitments: one noted for you, and reminders. Words
in `commitments/email/`."""

from __future__ import annotations

from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.commitments.models import Commitment
from kindred.lib.links import absolute_url
from kindred.lib.timezones import weekday_in
from kindred.notifications.messages import Message


def _about(commitment: int) -> dict[str, object]:
    found = Commitment.objects.get(pk=commitment)
    return {
        "commitment": found,
        "when": weekday_in(found.due_date),
        "link": absolute_url("pages:relationship", found.relationship_id),
    }


@dataclass(frozen=True)
class CommitmentAdded(Message):
    kind = "commitment_added"
    template = "commitments/email/commitment_added.txt"
    commitment: int
    author: int

    def context(self, recipient: User | None) -> dict[str, object]:
        return _about(self.commitment) | {"author": User.objects.get(pk=self.author)}

    def named(self) -> tuple[int, ...]:
        return (self.author,)


@dataclass(frozen=True)
class CommitmentDue(Message):
    kind = "commitment_due"
    template = "commitments/email/commitment_reminder.txt"
    commitment: int

    def context(self, recipient: User | None) -> dict[str, object]:
        return _about(self.commitment) | {"overdue": self.kind == "commitment_overdue"}


@dataclass(frozen=True)
class CommitmentOverdue(CommitmentDue):
    kind = "commitment_overdue"
