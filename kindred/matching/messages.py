"""The e-mails matching sends: proposals and mentor requests. Words in
`matching/email/`."""

from __future__ import annotations

from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.matching.models import MentorRequest, Proposal
from kindred.notifications.messages import Message
from kindred.programs.models import Programme


@dataclass(frozen=True)
class ProposalPublished(Message):
    kind = "proposal"
    template = "matching/email/proposal.txt"
    proposal: int
    person: int
    partner: int

    def context(self, recipient: User | None) -> dict[str, object]:
        proposal = Proposal.objects.select_related("run__programme", "mentee").get(pk=self.proposal)
        return {
            "proposal": proposal,
            "person": User.objects.get(pk=self.person),
            "partner": User.objects.get(pk=self.partner),
            "link": absolute_url("matching:mine"),
        }

    def named(self) -> tuple[int, ...]:
        return (self.person, self.partner)


@dataclass(frozen=True)
class ProposalWithdrawn(Message):
    kind = "proposal_withdrawn"
    template = "matching/email/proposal_withdrawn.txt"
    programme: int

    def context(self, recipient: User | None) -> dict[str, object]:
        return {
            "programme": Programme.objects.get(pk=self.programme),
            "link": absolute_url("matching:mine"),
        }


@dataclass(frozen=True)
class RequestNudged(Message):
    kind = "request_nudged"
    template = "matching/email/request_nudged.txt"
    request: int
    mentor: int
    mentee: int

    def context(self, recipient: User | None) -> dict[str, object]:
        request = MentorRequest.objects.select_related("mentor", "mentee", "programme")
        return {"request": request.get(pk=self.request), "link": absolute_url("matching:mine")}

    def named(self) -> tuple[int, ...]:
        return (self.mentor, self.mentee)


@dataclass(frozen=True)
class RequestExpired(RequestNudged):
    kind = "request_expired"
    template = "matching/email/request_expired.txt"
