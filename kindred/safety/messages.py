"""The alert a concern report sends. It names no one: the case page holds
the details. Words in `safety/email/`."""

from __future__ import annotations

from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.notifications.messages import Message
from kindred.programs.models import Programme


@dataclass(frozen=True)
class ConcernReported(Message):
    kind = "concern_reported"
    template = "safety/email/concern_reported.txt"
    report: int
    programme: int

    def context(self, recipient: User | None) -> dict[str, object]:
        return {
            "programme": Programme.objects.get(pk=self.programme),
            "link": absolute_url("safety:case", self.report),
        }
