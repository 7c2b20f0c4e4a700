"""Writes for relationships. Creating one is where mentor capacity is
enforced, inside the caller's transaction, with the mentor's membership row
locked so that simultaneous accepts queue up instead of overfilling."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from kindred.accounts.models import User
from kindred.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from kindred.profiles.logistics import DAY_NAMES
from kindred.programs.models import Membership, Programme, Role
from kindred.relationships.models import Agreement, Relationship, RelationshipEvent
from kindred.relationships.selectors import side_of


def mentor_capacity(membership: Membership) -> int:
    if membership.capacity is not None:
        return membership.capacity
    return membership.programme.mentor_capacity_default


def relationship_start(
    *, programme: Programme, mentor: User, mentee: User, source: str
) -> Relationship:
    """Must run inside a transaction (the caller's decision and this are one)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("relationship_start must run inside a transaction")
    membership = (
        Membership.objects.select_for_update()
        .select_related("programme")
        .filter(programme=programme, user=mentor, role=Role.MENTOR)
        .first()
    )
    if membership is None:
        raise Conflict("This mentor is no longer in the programme.")
    active = Relationship.objects.filter(
        programme=programme, mentor=mentor, status=Relationship.Status.ACTIVE
    ).count()
    if active >= mentor_capacity(membership):
        raise Conflict(f"{mentor.display_name} has no room for another mentee right now.")
    try:
        with transaction.atomic():
            relationship = Relationship.objects.create(
                programme=programme, mentor=mentor, mentee=mentee, source=source
            )
            RelationshipEvent.objects.create(
                relationship=relationship, actor=mentee, to_status=relationship.status, note=source
            )
            return relationship
    except IntegrityError as exc:
        raise Conflict("This mentee already has an active mentor in the programme.") from exc


# --- lifecycle ----------------------------------------------------------------

TRANSITIONS: dict[str, set[str]] = {
    Relationship.Status.PROPOSED: {Relationship.Status.ACTIVE, Relationship.Status.ENDED_EARLY},
    Relationship.Status.ACTIVE: {
        Relationship.Status.PAUSED,
        Relationship.Status.COMPLETED,
        Relationship.Status.ENDED_EARLY,
    },
    Relationship.Status.PAUSED: {
        Relationship.Status.ACTIVE,
        Relationship.Status.COMPLETED,
        Relationship.Status.ENDED_EARLY,
    },
}
FINAL = {Relationship.Status.COMPLETED, Relationship.Status.ENDED_EARLY}


@transaction.atomic
def relationship_change_status(
    *, actor: User, relationship: Relationship, to: str, note: str = ""
) -> Relationship:
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if to not in TRANSITIONS.get(relationship.status, set()):
        state = relationship.get_status_display().lower()
        raise Conflict(f"A {state} relationship cannot become {to.replace('_', ' ')}.")
    if len(note) > 500:
        raise InvalidInput("Keep the note under 500 characters.", errors=[{"field": "note"}])
    before = relationship.status
    relationship.status = to
    if to in FINAL:
        relationship.ended_at, relationship.ended_by = timezone.now(), actor
        relationship.end_reason = note.strip()
    relationship.save()
    RelationshipEvent.objects.create(
        relationship=relationship, actor=actor, from_status=before, to_status=to, note=note.strip()
    )
    return relationship


# --- the engagement agreement ---------------------------------------------------


def agreement_current(relationship: Relationship) -> Agreement | None:
    return relationship.agreements.order_by("-version").first()


def agreement_defaults(relationship: Relationship) -> dict[str, object]:
    """A first draft from the programme and both people's profiles."""
    mentor = getattr(relationship.mentor, "profile", None)
    mentee = getattr(relationship.mentee, "profile", None)
    mentor_sync = list(mentor.sync_channels) if mentor else []
    mentee_sync = list(mentee.sync_channels) if mentee else []
    shared_sync = [c for c in mentor_sync if c in mentee_sync] or mentor_sync or ["video"]
    shared_async = [
        c
        for c in (mentor.async_channels if mentor else [])
        if mentee and c in mentee.async_channels
    ]
    return {
        "cadence": relationship.programme.default_cadence,
        "session_minutes": 45,
        "sync_channels": shared_sync,
        "video_link": "",
        "async_channels": shared_async or ["messages"],
        "reply_within_hours": 48,
        "mentor_off_limits": boundary_summary(mentor),
        "mentee_off_limits": boundary_summary(mentee),
        "objectives": "",
    }


def boundary_summary(profile: object) -> str:
    """Quiet hours and hard blocks in words, to pre-fill the off-limits hours."""
    if profile is None:
        return ""
    lines = []
    quiet = getattr(profile, "quiet_hours", None)
    if quiet:
        lines.append(f"Quiet hours {quiet['start']}-{quiet['end']}")
    for block in getattr(profile, "boundary_blocks", []):
        days = ", ".join(DAY_NAMES[d][:3] for d in block["days"])
        strength = "" if block.get("hard", True) else " (flexible)"
        lines.append(
            f"{block['label'].capitalize()} {days} {block['start']}-{block['end']}{strength}"
        )
    return "\n".join(lines)


def _side(user: User, relationship: Relationship) -> str:
    side = side_of(user, relationship)
    if side is None:
        raise Forbidden("Only the two people in the relationship draft and sign its agreement.")
    return side


@transaction.atomic
def agreement_save_draft(
    *, actor: User, relationship: Relationship, terms: dict[str, object]
) -> Agreement:
    """Either side drafts. Editing an unsigned draft updates it; changing an
    agreement anyone has signed makes a new version that both sign again."""
    _side(actor, relationship)
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    current = agreement_current(relationship)
    values = {name: terms[name] for name in Agreement.TERMS}
    if (
        current is not None
        and current.mentor_signed_at is None
        and current.mentee_signed_at is None
    ):
        for name, value in values.items():
            setattr(current, name, value)
        current.drafted_by = actor
        current.save()
        return current
    if current is not None and all(getattr(current, n) == v for n, v in values.items()):
        raise Conflict("Nothing changed from the current agreement.")
    return Agreement.objects.create(
        relationship=relationship,
        version=(current.version + 1) if current else 1,
        drafted_by=actor,
        **values,
    )


@transaction.atomic
def agreement_sign(*, actor: User, agreement_id: int) -> Agreement:
    agreement = (
        Agreement.objects.select_for_update()
        .select_related("relationship")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None:
        raise NotFound("No such agreement.")
    side = _side(actor, agreement.relationship)
    latest = agreement_current(agreement.relationship)
    if latest is None or latest.pk != agreement.pk:
        raise Conflict("A newer version exists; read and sign that one.")
    setattr(agreement, f"{side}_signed_at", timezone.now())
    agreement.save()
    return agreement


def agreement_changes(agreement: Agreement) -> list[tuple[str, object, object]]:
    """(term, before, after) for each term that differs from the previous version."""
    previous = agreement.relationship.agreements.filter(version=agreement.version - 1).first()
    if previous is None:
        return []
    return [
        (
            name.replace("_", " "),
            getattr(previous, name),
            getattr(agreement, name),
        )
        for name in Agreement.TERMS
        if getattr(previous, name) != getattr(agreement, name)
    ]


def agreement_in_force(relationship: Relationship) -> Agreement | None:
    """The latest version both have signed: what scheduling follows."""
    for agreement in relationship.agreements.order_by("-version"):
        if agreement.is_signed:
            return agreement
    return None
