"""Each person's answer to a published proposal; both yes starts the relationship."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib import logs
from kindred.lib.errors import Conflict, InvalidInput, NotFound
from kindred.matching.models import Decision, Proposal
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start


@logs.logged
@transaction.atomic
def proposal_decide(*, actor: User, proposal_id: int, accept: bool, reason: str = "") -> Proposal:
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("run__programme", "mentee", "mentor")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or actor.pk not in (proposal.mentee_id, proposal.mentor_id):
        raise NotFound(_("No such proposal."))
    if proposal.status != Proposal.Status.PUBLISHED:
        raise Conflict(_("This proposal has already been settled."))
    side = "mentee_decision" if actor.pk == proposal.mentee_id else "mentor_decision"
    if len(reason) > 500:
        raise InvalidInput(_("Keep the reason under 500 characters."), errors=[{"field": "reason"}])
    proposal.decided_at = timezone.now()
    if not accept:
        setattr(proposal, side, Decision.DECLINED)
        proposal.status, proposal.declined_by, proposal.decline_reason = (
            Proposal.Status.DECLINED,
            actor,
            reason.strip(),
        )
        proposal.save()
        return proposal  # the mentee is back in the pool for the next run
    setattr(proposal, side, Decision.ACCEPTED)
    if proposal.mentee_decision == proposal.mentor_decision == Decision.ACCEPTED:
        proposal.relationship = relationship_start(
            programme=proposal.run.programme,
            mentor=proposal.mentor,
            mentee=proposal.mentee,
            source=Relationship.Source.MATCHING,
        )
        proposal.status = Proposal.Status.ACCEPTED
    proposal.save()
    return proposal
