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


@dataclass(frozen=True)
class AccountWelcome(Message):
    """The one e-mail a person gets when the organisation (an import, the
    directory) made their account: where they are, how to come in, and
    what the intake will ask."""

    kind = "account_welcome"
    template = "identity/email/account_welcome.txt"
    person: int

    def context(self, recipient: User | None) -> dict[str, object]:
        from kindred.identity.selectors import provider_speaking_for

        person = User.objects.get(pk=self.person)
        provider = provider_speaking_for(person.email)
        return {
            "person": person,
            "memberships": list(
                person.memberships.select_related("programme").order_by("programme__name")
            ),
            "provider": provider,
            "sso_url": absolute_url("identity:start", provider.slug) if provider else "",
            "set_password_url": absolute_url("accounts:password_reset"),
            "sign_in_url": absolute_url("accounts:login"),
        }
