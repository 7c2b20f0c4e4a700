"""Leavers and returners: the directory (SCIM, a roster sync) says a
person has left or come back."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from kindred.accounts import hr_changes
from kindred.accounts.models import HrChange, User
from kindred.identity.messages import ParticipantLeft, PartnerLeft
from kindred.identity.policies import require_identity_admin
from kindred.lib import logs
from kindred.meetings.models import Meeting
from kindred.meetings.services import cancel_for_departure, cancel_future_of
from kindred.notifications.services import notify
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_change_status

LEFT_ORGANISATION = gettext_noop("Left the organisation.")  # stored; read through word()


@logs.logged
@transaction.atomic
def person_leave(*, actor: User, person: User) -> int:
    """The directory says `person` has left: their sign-in and API tokens
    stop at once (an inactive account signs nothing in), their open
    relationships end through the relationships service (history kept),
    their future meetings are cancelled, and once this commits each partner
    gets the CANCELs and a kind word and each programme's managers are told.
    Returns how many relationships ended; nothing happens twice."""
    require_identity_admin(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        return 0
    person.is_active = False
    person.save(update_fields=["is_active"])
    # Why they left is HR's to say (the history import); the directory says only that.
    hr_changes.record(
        [HrChange(person=person, on=timezone.now().date(), kind=HrChange.Kind.LEFT,
                  value=HrChange.LeaveReason.UNKNOWN)]
    )  # fmt: skip
    ended = [
        relationship_change_status(
            actor=actor, relationship=r, to=Relationship.Status.ENDED_EARLY, note=LEFT_ORGANISATION
        )
        for r in Relationship.objects.filter(Q(mentor=person) | Q(mentee=person)).filter(
            status__in=Relationship.OPEN
        )
    ]
    cancelled = cancel_future_of(person=person, reason=LEFT_ORGANISATION)
    transaction.on_commit(lambda: _tell_about_departure(person, ended, cancelled))
    return len(ended)


def _tell_about_departure(person: User, ended: list[Relationship], cancelled: list[int]) -> None:
    meetings = list(
        Meeting.objects.filter(pk__in=cancelled).select_related(
            "relationship__mentor", "relationship__mentee", "series"
        )
    )
    for relationship in ended:
        partner = (
            relationship.mentee if relationship.mentor_id == person.pk else relationship.mentor
        )
        theirs = [m for m in meetings if m.relationship_id == relationship.pk]
        with transaction.atomic():
            cancel_for_departure(meetings=theirs, stays=[partner])
            notify(
                recipient=partner,
                message=PartnerLeft(relationship=relationship.pk, cancelled=len(theirs)),
                key=f"partner-left:{relationship.pk}",
            )
            for manager in relationship.programme.managers.filter(is_active=True):
                notify(
                    recipient=manager,
                    message=ParticipantLeft(person=person.pk, relationship=relationship.pk),
                    key=f"participant-left:{relationship.pk}:{manager.pk}",
                )


@logs.logged
@transaction.atomic
def person_return(*, actor: User, person: User) -> None:
    """The directory turns a leaver's account back on: they may sign in
    again; relationships that ended stay ended (a new match is a decision
    for the programme, not a side effect of a directory flag)."""
    require_identity_admin(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        hr_changes.record(
            [HrChange(person=person, on=timezone.now().date(), kind=HrChange.Kind.HIRED)]
        )
