"""Writes for relationships. Creating one is where mentor capacity is
enforced, inside the caller's transaction, with the mentor's membership row
locked so that simultaneous accepts queue up instead of overfilling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from kindred.accounts.models import User
from kindred.engines.scheduling import Calendar
from kindred.lib.errors import Conflict, InvalidInput, NotFound
from kindred.lib.text import require_single_line
from kindred.profiles.logistics import (
    Boundaries,
    LogisticsError,
    boundary_lines,
    parse_boundary_lines,
)
from kindred.profiles.models import Profile
from kindred.profiles.selectors import boundaries_of, calendar_of, profile_if_any
from kindred.programs.models import Membership, Programme, Role
from kindred.relationships.models import (
    Agreement,
    Objective,
    ObjectiveUpdate,
    Relationship,
    RelationshipEvent,
)
from kindred.relationships.selectors import require_pair, side_of


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
        **off_limits_from_profiles(relationship),
        "objectives": "",
    }


def boundary_summary(profile: Profile | None) -> str:
    """A profile's quiet hours and blocks as agreement lines, to pre-fill
    each person's off-limits hours."""
    rules = boundaries_of(profile)
    return boundary_lines(rules["quiet_hours"], rules["blocks"])


def agreed_boundaries(relationship: Relationship, person: User) -> Boundaries | None:
    """The person's off-limits hours as the signed agreement sets them, or
    None before anything is signed (their profile boundaries apply then)."""
    agreement = agreement_in_force(relationship)
    side = side_of(person, relationship)
    if agreement is None or side is None:
        return None
    try:
        return parse_boundary_lines(getattr(agreement, f"{side}_off_limits"))
    except LogisticsError:
        return None  # a version signed before the lines were checked: profile rules hold


def boundaries_drifted(relationship: Relationship, person: User) -> bool:
    """Whether the person's profile boundaries no longer match the hours
    they signed for this relationship (their life changed; the agreement
    still binds until both sign a new version)."""
    agreed = agreed_boundaries(relationship, person)
    if agreed is None:
        return False
    profile = Profile.objects.filter(user=person).first()
    return _canonical(agreed) != _canonical(boundaries_of(profile))


def _canonical(rules: Boundaries) -> tuple[object, ...]:
    blocks = sorted(
        (tuple(b["days"]), b["start"], b["end"], b.get("hard", True), b["label"].lower())
        for b in rules["blocks"]
    )
    quiet = rules["quiet_hours"]
    return ((quiet["start"], quiet["end"]) if quiet else None, tuple(blocks))


def off_limits_from_profiles(relationship: Relationship) -> dict[str, str]:
    """Both people's current profile boundaries as agreement lines."""
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(user__in=[relationship.mentor_id, relationship.mentee_id])
    }
    return {
        f"{side}_off_limits": boundary_summary(profiles.get(person.pk))
        for side, person in (("mentor", relationship.mentor), ("mentee", relationship.mentee))
    }


def boundary_summary_for(relationship: Relationship, person: User) -> dict[str, object]:
    """What the partner should know to respect this person's boundaries:
    the hours that are off limits here (as signed, else from the profile),
    topics they keep out, and whether the camera is optional."""
    profile = profile_if_any(person)
    agreed = agreed_boundaries(relationship, person)
    rules = agreed if agreed is not None else boundaries_of(profile)
    return {
        "hours": boundary_lines(rules["quiet_hours"], rules["blocks"]).splitlines(),
        "topics": list(profile.topics_off_limits) if profile else [],
        "camera_optional": bool(profile and profile.camera_optional),
        "zone": person.timezone,
    }


def calendar_in(
    relationship: Relationship,
    person: User,
    *,
    busy: tuple[tuple[dt.datetime, dt.datetime], ...] = (),
    around: dt.datetime | None = None,
) -> Calendar:
    """The person's calendar for this relationship: their working windows and
    time off, and the off-limits hours both signed (their profile's until then)."""
    return calendar_of(
        person, busy=busy, boundaries=agreed_boundaries(relationship, person), around=around
    )


def _check_off_limits(values: dict[str, object]) -> None:
    """Off-limits hours drive scheduling once signed, so each line must parse."""
    for field in ("mentor_off_limits", "mentee_off_limits"):
        try:
            parse_boundary_lines(str(values[field] or ""))
        except LogisticsError as error:
            raise InvalidInput.on(field, str(error)) from None


def _side(user: User, relationship: Relationship) -> str:
    return require_pair(user, relationship, "draft and sign its agreement")


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
    _check_off_limits(values)
    _check_video_link(str(values.get("video_link") or ""))
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


VIDEO_LINK = URLValidator(schemes=["https"])


def _check_video_link(link: str) -> None:
    """A join link goes into invitations and onto pages as a link: https
    only (no ftp:, no javascript:, no plain http)."""
    if not link:
        return
    try:
        VIDEO_LINK(link)
    except ValidationError as exc:
        raise InvalidInput.on("video_link", "Give a video link that starts with https://.") from exc


@transaction.atomic
def agreement_sign(*, actor: User, relationship: Relationship, agreement_id: int) -> Agreement:
    """The actor's signature on a version of this relationship's agreement.
    Every check comes before the write: an agreement of another relationship
    is not found here, whoever asks."""
    agreement = (
        Agreement.objects.select_for_update()
        .select_related("relationship")
        .filter(pk=agreement_id, relationship=relationship)
        .first()
    )
    if agreement is None:
        raise NotFound("No such agreement in this relationship.")
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


_REMEMBERED: ContextVar[dict[int, Agreement | None] | None] = ContextVar(
    "agreements_in_force", default=None
)


@contextmanager
def agreements_remembered() -> Iterator[None]:
    """Within the block, each relationship's agreement in force is read once:
    one page asks it for many purposes (slots, boundaries, cadence). Writes
    never run inside such a block."""
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def agreement_in_force(relationship: Relationship) -> Agreement | None:
    """The latest version both have signed: what scheduling follows."""
    memo = _REMEMBERED.get()
    if memo is not None and relationship.pk in memo:
        return memo[relationship.pk]
    found = (
        relationship.agreements.filter(
            mentor_signed_at__isnull=False, mentee_signed_at__isnull=False
        )
        .order_by("-version")
        .first()
    )
    if memo is not None:
        memo[relationship.pk] = found
    return found


# --- shared objectives ----------------------------------------------------------------


def _check_pair_writes(actor: User, relationship: Relationship) -> None:
    require_pair(actor, relationship, "set its objectives")


@transaction.atomic
def objective_add(
    *,
    actor: User,
    relationship: Relationship,
    title: str,
    why: str = "",
    measures: str = "",
    target_date: dt.date | None = None,
) -> Objective:
    _check_pair_writes(actor, relationship)
    title = require_single_line(title.strip(), "title")
    if not 3 <= len(title) <= 120:
        raise InvalidInput.on("title", "Give the objective a title of 3 to 120 characters.")
    if len(why) > 1000 or len(measures) > 1000:
        raise InvalidInput.on("why", "Keep each part under 1,000 characters.")
    if target_date is not None and target_date < relationship.started_at.date():
        raise InvalidInput.on("target_date", "The target date comes after the start.")
    return Objective.objects.create(
        relationship=relationship,
        title=title,
        why=why.strip(),
        measures=measures.strip(),
        target_date=target_date,
        created_by=actor,
    )


@transaction.atomic
def objective_progress(
    *, actor: User, relationship: Relationship, objective_id: int, progress: int, note: str = ""
) -> ObjectiveUpdate:
    """Either side records progress (0-100%) with a short note."""
    _check_pair_writes(actor, relationship)
    objective = (
        Objective.objects.select_for_update()
        .filter(pk=objective_id, relationship=relationship)
        .first()
    )
    if objective is None:
        raise NotFound("No such objective.")
    if not 0 <= progress <= 100:
        raise InvalidInput.on("progress", "Progress is a percentage from 0 to 100.")
    if len(note) > 500:
        raise InvalidInput.on("note", "Keep the note under 500 characters.")
    objective.progress = progress
    objective.save(update_fields=["progress"])
    return ObjectiveUpdate.objects.create(
        objective=objective, by=actor, progress=progress, note=note.strip()
    )
