"""The e-mails health sends: survey invitations and the managers' at-risk
digest. Words in `health/email/`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.lib.phrases import said
from kindred.notifications.messages import Message
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship


@dataclass(frozen=True)
class SurveyInvitation(Message):
    kind = "survey_invite"
    template = "health/email/survey.txt"
    relationship: int

    def context(self, recipient: User | None) -> dict[str, object]:
        return {
            "reminder": self.kind == "survey_remind",
            "link": absolute_url("health:survey", self.relationship),
        }


@dataclass(frozen=True)
class SurveyReminder(SurveyInvitation):
    kind = "survey_remind"


@dataclass(frozen=True)
class AtRiskDigest(Message):
    kind = "at_risk_digest"
    template = "health/email/at_risk_digest.txt"
    programme: int
    # (relationship, its risks as the snapshot keeps them: phrases, so each
    # manager reads them in their own language)
    pairs: tuple[tuple[int, tuple[Any, ...]], ...]
    people: tuple[int, ...]  # both people of each pair: the digest names them

    def context(self, recipient: User | None) -> dict[str, object]:
        programme = Programme.objects.get(pk=self.programme)
        found = Relationship.objects.select_related("mentor", "mentee").in_bulk(
            [pk for pk, _ in self.pairs]
        )
        pairs = [(found[pk], said(risks)) for pk, risks in self.pairs if pk in found]
        link = absolute_url("health:at_risk", programme.slug)
        return {"programme": programme, "pairs": pairs, "count": len(pairs), "link": link}

    def named(self) -> tuple[int, ...]:
        return tuple(self.people)
