"""The e-mails about joining a programme. Words in `programs/email/`."""

from __future__ import annotations

from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.notifications.messages import Message, language_of
from kindred.programs.models import EmailInvitation, Invitation, Membership


@dataclass(frozen=True)
class InvitationExistingAccount(Message):
    kind = "invitation_existing_account"
    template = "programs/email/invitation_existing.txt"
    invitation: int

    def context(self, recipient: User | None) -> dict[str, object]:
        invitation = Invitation.objects.select_related("programme").get(pk=self.invitation)
        return {
            "invitation": invitation,
            "invite_url": absolute_url("invitation", invitation.token),
        }


@dataclass(frozen=True)
class InvitationConfirm(Message):
    kind = "invitation_confirm"
    template = "programs/email/invitation_confirm.txt"
    invitation: int
    signed: str  # the address, signed: the link proves it

    def context(self, recipient: User | None) -> dict[str, object]:
        invitation = Invitation.objects.select_related("programme").get(pk=self.invitation)
        link = absolute_url("invitation_confirm", invitation.token, self.signed)
        return {"invitation": invitation, "confirm_url": link}


@dataclass(frozen=True)
class Welcome(Message):
    kind = "welcome"
    template = "programs/email/welcome.txt"
    membership: int

    def context(self, recipient: User | None) -> dict[str, object]:
        return {
            "membership": Membership.objects.select_related("programme", "user").get(
                pk=self.membership
            ),
            "intake_url": absolute_url("profiles:intake"),
        }


@dataclass(frozen=True)
class Enrolled(Welcome):
    kind = "enrolled"
    template = "programs/email/enrolled.txt"


@dataclass(frozen=True)
class PersonalInvitation(Message):
    kind = "personal_invitation"
    template = "programs/email/personal_invitation.txt"
    invitation: int
    reminder: bool = False

    def context(self, recipient: User | None) -> dict[str, object]:
        invitation = EmailInvitation.objects.select_related("programme", "created_by").get(
            pk=self.invitation
        )
        return {
            "invitation": invitation,
            "reminder": self.reminder,
            "link": absolute_url("personal_invitation", invitation.token),
        }

    def language_for(self, recipient: User | None) -> str:
        """Someone who has not chosen a language (an address with no account
        yet) reads the invitation in the programme's own."""
        if recipient is not None and recipient.language:
            return recipient.language
        invitations = EmailInvitation.objects.filter(pk=self.invitation)
        given = invitations.values_list("programme__language", flat=True).first()
        return given or language_of(recipient)
