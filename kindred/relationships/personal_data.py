"""What the relationships app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from django.db.models import Q

from kindred.accounts.data_rights import Erasure, Holding, delete, erasure_step, keep, register
from kindred.accounts.models import User
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_change_status

register(
    Holding("relationships.Relationship", ("mentor", "mentee"), keep, mentions=("ended_by",)),
    Holding("relationships.RelationshipEvent", ("actor",), keep),
    Holding("relationships.Agreement", ("drafted_by",), keep),
    Holding("relationships.Objective", ("created_by",), keep),
    Holding("relationships.ObjectiveUpdate", ("by",), keep),
    # Their private view of where the mentee stands: theirs, gone with them.
    Holding("relationships.SkillRating", ("rater",), delete, fields=("moment", "rating", "at")),
    Holding(
        "relationships.CloseOut",
        ("person",),
        delete,
        fields=("what_changed", "recommend", "mentor_next", "ended_early_why", "submitted_at"),
    ),
)

LEFT = "The other person left the programme."


@erasure_step("before", order=10)
def end_their_relationships(erasure: Erasure) -> None:
    """Their relationships end through the relationship's own service, so the
    partner is not left waiting on someone who is gone; the partners are
    noted for the steps that tell them."""
    person = erasure.person
    theirs = Relationship.objects.filter(Q(mentor=person) | Q(mentee=person))
    for relationship in theirs.filter(status__in=Relationship.OPEN):
        relationship_change_status(
            actor=erasure.actor,
            relationship=relationship,
            to=Relationship.Status.ENDED_EARLY,
            note=LEFT,
        )
    partner_ids = {r.mentor_id if r.mentee_id == person.pk else r.mentee_id for r in theirs}
    erasure.partners.extend(User.objects.filter(pk__in=partner_ids))
