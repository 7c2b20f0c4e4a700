"""Writes for commitments, and the reminder sweep."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.commitments.messages import CommitmentAdded, CommitmentDue, CommitmentOverdue
from kindred.commitments.models import Commitment
from kindred.lib import logs
from kindred.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from kindred.lib.timezones import local_today
from kindred.meetings.models import Meeting
from kindred.notifications.models import Notification
from kindred.notifications.services import notify
from kindred.relationships.models import Relationship
from kindred.relationships.policies import require_pair_member
from kindred.relationships.selectors import calendar_in

MAX_AHEAD = dt.timedelta(days=366)
REMIND_BEFORE = dt.timedelta(days=1)  # the day before it is due, in the owner's zone


def _check_in_pair(actor: User, relationship: Relationship) -> None:
    require_pair_member(actor, relationship, _("keep its commitments"))


@logs.logged
@transaction.atomic
def commitment_add(
    *,
    actor: User,
    relationship: Relationship,
    text: str,
    owner_id: int,
    due_date: dt.date,
    meeting_id: int | None = None,
    now: dt.datetime | None = None,
) -> Commitment:
    """Either side adds a commitment for either of them."""
    _check_in_pair(actor, relationship)
    if relationship.status != Relationship.Status.ACTIVE:
        raise Conflict(_("Commitments are added while the relationship is active."))
    text = text.strip()
    if not 1 <= len(text) <= 300:
        raise InvalidInput.on("text", _("Say what will be done, in up to 300 characters."))
    if owner_id not in (relationship.mentor_id, relationship.mentee_id):
        raise InvalidInput.on("owner", _("The owner is one of the two of you."))
    owner = relationship.mentor if owner_id == relationship.mentor_id else relationship.mentee
    today = local_today(owner.timezone, now)
    if not today <= due_date <= today + MAX_AHEAD:
        raise InvalidInput.on("due_date", _("Choose a due date from today to a year ahead."))
    if (
        meeting_id is not None
        and not Meeting.objects.filter(pk=meeting_id, relationship=relationship).exists()
    ):
        raise InvalidInput.on("meeting", _("That meeting is not one of yours."))
    commitment = Commitment.objects.create(
        relationship=relationship,
        text=text,
        owner=owner,
        due_date=due_date,
        meeting_id=meeting_id,
        created_by=actor,
        created_at=now or timezone.now(),
    )
    if owner.pk != actor.pk:
        _tell_owner(commitment, actor, now)
    return commitment


def _tell_owner(commitment: Commitment, actor: User, now: dt.datetime | None) -> None:
    notify(
        recipient=commitment.owner,
        message=CommitmentAdded(commitment=commitment.pk, author=actor.pk),
        key=f"commitment:{commitment.pk}:added",
        now=now,
        calendar=calendar_in(commitment.relationship, commitment.owner, around=now),
    )


def _locked(relationship: Relationship, commitment_id: int) -> Commitment:
    commitment = (
        Commitment.objects.select_for_update()
        .select_related("relationship")
        .filter(pk=commitment_id, relationship=relationship)
        .first()
    )
    if commitment is None:
        raise NotFound(_("No such commitment."))
    return commitment


@logs.logged
@transaction.atomic
def commitment_complete(
    *,
    actor: User,
    relationship: Relationship,
    commitment_id: int,
    now: dt.datetime | None = None,
) -> Commitment:
    """Only the owner marks a commitment done. It counts as unprompted when
    no reminder about it had been sent by then."""
    commitment = _locked(relationship, commitment_id)
    _check_in_pair(actor, commitment.relationship)
    if commitment.owner_id != actor.pk:
        raise Forbidden(_("Only the person who owns a commitment marks it done."))
    if commitment.status != Commitment.Status.OPEN:
        raise Conflict(_("This commitment is already closed."))
    now = now or timezone.now()
    commitment.status, commitment.completed_at = Commitment.Status.DONE, now
    commitment.prompted = Notification.objects.filter(
        idempotency_key__startswith=_reminder_prefix(commitment),
        state=Notification.State.SENT,
        sent_at__lte=now,
    ).exists()
    commitment.save()
    return commitment


@logs.logged
@transaction.atomic
def commitment_drop(
    *,
    actor: User,
    relationship: Relationship,
    commitment_id: int,
    reason: str,
    now: dt.datetime | None = None,
) -> Commitment:
    """Either side may drop an open commitment, saying why."""
    commitment = _locked(relationship, commitment_id)
    _check_in_pair(actor, commitment.relationship)
    if commitment.status != Commitment.Status.OPEN:
        raise Conflict(_("This commitment is already closed."))
    reason = reason.strip()
    if not 1 <= len(reason) <= 300:
        raise InvalidInput.on("reason", _("Say briefly why it is dropped (up to 300 characters)."))
    commitment.status, commitment.completed_at = Commitment.Status.DROPPED, now or timezone.now()
    commitment.dropped_by, commitment.drop_reason = actor, reason
    commitment.save()
    return commitment


# --- reminders ----------------------------------------------------------------------


def _reminder_prefix(commitment: Commitment) -> str:
    return f"commitment:{commitment.pk}:remind:"


def send_commitment_reminders(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Queue a reminder the day before a commitment is due and one once it
    is overdue, each at most once (the outbox keys make repeats no-ops)."""
    now = now or timezone.now()
    counts = {"due": 0, "overdue": 0}
    open_ones = Commitment.objects.filter(
        status=Commitment.Status.OPEN, relationship__status=Relationship.Status.ACTIVE
    ).select_related("owner__profile", "relationship__mentor", "relationship__mentee")
    for commitment in open_ones:
        today = local_today(commitment.owner.timezone, now)
        if today > commitment.due_date:
            counts["overdue"] += _remind(commitment, "overdue", now)
        elif today >= commitment.due_date - REMIND_BEFORE:
            counts["due"] += _remind(commitment, "due", now)
    return counts


def _remind(commitment: Commitment, stage: str, now: dt.datetime) -> int:
    news = CommitmentDue if stage == "due" else CommitmentOverdue
    notify(
        recipient=commitment.owner,
        message=news(commitment=commitment.pk),
        key=_reminder_prefix(commitment) + stage,
        now=now,
        calendar=calendar_in(commitment.relationship, commitment.owner, around=now),
    )
    return 1
