"""Reads for relationships. The pair sees everything of theirs; programme
managers (and admins) see the relationship, its status and its agreement;
anyone else is told it does not exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindred.accounts.models import User
from kindred.engines.scheduling import Calendar
from kindred.lib.errors import NotFound
from kindred.profiles.logistics import (
    ASYNC_CHANNELS,
    SYNC_CHANNELS,
    Boundaries,
    LogisticsError,
    boundary_lines,
    parse_boundary_lines,
)
from kindred.profiles.models import Profile
from kindred.profiles.selectors import boundaries_of, calendar_of, profile_if_any
from kindred.programs.models import Membership, ProgrammeStatus
from kindred.programs.selectors import programmes_managed_by
from kindred.relationships.models import Agreement, Relationship


def relationships_visible_to(user: User) -> QuerySet[Relationship]:
    return Relationship.objects.filter(
        Q(mentor=user) | Q(mentee=user) | Q(programme__in=programmes_managed_by(user))
    ).select_related("mentor", "mentee", "programme")


def active_pairs_of(person: User) -> list[Relationship]:
    """The person's running relationships (as mentor or mentee), with both people."""
    return list(
        Relationship.objects.filter(
            Q(mentor=person) | Q(mentee=person), status=Relationship.Status.ACTIVE
        ).select_related("mentor", "mentee", "programme")
    )


def relationship_for_viewer(
    user: User, relationship_id: int, *, with_profiles: bool = False
) -> Relationship:
    """The relationship if `user` may see it; `with_profiles` reads both
    people's profiles in the same query, for a page that shows their
    boundaries and suggests times."""
    visible = relationships_visible_to(user)
    if with_profiles:
        visible = visible.select_related("mentor__profile", "mentee__profile")
    relationship = visible.filter(pk=relationship_id).first()
    if relationship is None:
        raise NotFound(_("No such relationship."))
    return relationship


def in_pair(user: User, relationship: Relationship) -> bool:
    return side_of(user, relationship) is not None


def side_of(user: User, relationship: Relationship) -> str | None:
    """ "mentor" or "mentee" for the two people in the relationship, else None."""
    if user.pk == relationship.mentor_id:
        return "mentor"
    if user.pk == relationship.mentee_id:
        return "mentee"
    return None


def relationship_for_pair(
    user: User, relationship_id: int, *, with_profiles: bool = False
) -> Relationship:
    """The relationship, for one of its two people only: its conversation,
    notes, guide and objectives do not exist for anyone else."""
    relationship = relationship_for_viewer(user, relationship_id, with_profiles=with_profiles)
    if not in_pair(user, relationship):
        raise NotFound(_("No such relationship."))
    return relationship


def partner_of(user: User, relationship: Relationship) -> User:
    """The other person of the pair (the mentor for anyone not in it)."""
    return relationship.mentee if user.pk == relationship.mentor_id else relationship.mentor


def mentor_capacity(membership: Membership) -> int:
    if membership.capacity is not None:
        return membership.capacity
    return membership.programme.mentor_capacity_default


def peer_capacity(membership: Membership) -> int:
    """How many peer pairs a person may be in: their own number, else one."""
    return membership.capacity if membership.capacity is not None else 1


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


def agreement_changes(agreement: Agreement) -> list[tuple[str, object, object]]:
    """(term, before, after) for each term that differs from the previous version."""
    previous = agreement.relationship.agreements.filter(version=agreement.version - 1).first()
    if previous is None:
        return []
    return [
        (
            str(label),
            _term_words(name, getattr(previous, name)),
            _term_words(name, getattr(agreement, name)),
        )
        for name, label in Agreement.TERMS.items()
        if getattr(previous, name) != getattr(agreement, name)
    ]


def _term_words(name: str, value: object) -> object:
    """A term's value as the reader reads it: labels, not codes."""
    if name == "cadence" and isinstance(value, str) and value in Agreement.Cadence.values:
        return str(Agreement.Cadence(value).label)
    if name in ("sync_channels", "async_channels") and isinstance(value, list):
        labels = {**SYNC_CHANNELS, **ASYNC_CHANNELS}
        return ", ".join(str(labels.get(code, code)) for code in value)
    if name == "session_minutes" and isinstance(value, int):
        return ngettext("%(count)s minute", "%(count)s minutes", value) % {"count": value}
    if name == "reply_within_hours" and isinstance(value, int):
        return ngettext("%(count)s hour", "%(count)s hours", value) % {"count": value}
    return value


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


ENDED = (Relationship.Status.COMPLETED, Relationship.Status.ENDED_EARLY)
LAST_MONTH = dt.timedelta(days=30)
SCALE = range(1, 8)


def end_rating_open(relationship: Relationship, *, today: dt.date) -> bool:
    """Whether the end-of-relationship rating is open: once it has ended, or
    in its programme's last month."""
    return relationship.status in ENDED or relationship.programme.end_date - LAST_MONTH <= today


def close_out_open(relationship: Relationship, *, today: dt.date) -> bool:
    """The close-out opens when the relationship ends or its programme does."""
    programme = relationship.programme
    return (
        relationship.status in ENDED
        or programme.status == ProgrammeStatus.CLOSED
        or programme.end_date <= today
    )
