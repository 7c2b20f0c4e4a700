"""The e-mails a leaver's departure sends: the partner hears it kindly, the
programme's managers hear who is affected. Words in `identity/email/`."""

from __future__ import annotations

from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.notifications.messages import Message
from kindred.relationships.models import Relationship


@dataclass(frozen=True)
class PartnerLeft(Message):
    kind = "partner_left"
    template = "identity/email/partner_left.txt"
    relationship: int
    cancelled: int  # future meetings cancelled with it

    def context(self, recipient: User | None) -> dict[str, object]:
        relationship = Relationship.objects.select_related("programme", "mentor", "mentee").get(
            pk=self.relationship
        )
        return {
            "relationship": relationship,
            "cancelled": self.cancelled,
            "matches_url": absolute_url("matching:mine"),
        }


@dataclass(frozen=True)
class ParticipantLeft(Message):
    kind = "participant_left"
    template = "identity/email/participant_left.txt"
    person: int
    relationship: int

    def context(self, recipient: User | None) -> dict[str, object]:
        relationship = Relationship.objects.select_related("programme", "mentor", "mentee").get(
            pk=self.relationship
        )
        return {
            "leaver": User.objects.get(pk=self.person),
            "relationship": relationship,
            "programme_url": absolute_url("pages:programme", relationship.programme.slug),
        }

    def named(self) -> tuple[int, ...]:
        return (self.person,)
