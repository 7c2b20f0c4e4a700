"""Writes for relationships. Creating one is where mentor capacity is
enforced, inside the caller's transaction, with the mentor's membership row
locked so that simultaneous accepts queue up instead of overfilling."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.lib import logs
from kindred.lib.errors import Conflict, InvalidInput, NotFound
from kindred.lib.text import require_single_line
from kindred.lib.video import check_video_link
from kindred.profiles.logistics import (
    LogisticsError,
    parse_boundary_lines,
)
from kindred.programs.models import Membership, Programme, Role
from kindred.programs.policies import require_programme_manager
from kindred.relationships.models import (
    Agreement,
    CloseOut,
    Objective,
    ObjectiveUpdate,
    Relationship,
    RelationshipEvent,
    SkillRating,
)
from kindred.relationships.policies import require_pair_member, require_pair_or_manager
from kindred.relationships.selectors import (
    SCALE,
    agreement_current,
    close_out_open,
    end_rating_open,
    mentor_capacity,
    peer_capacity,
)


def relationship_start(
    *, programme: Programme, mentor: User, mentee: User, source: str
) -> Relationship:
    """Must run inside a transaction (the caller's decision and this are one)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("relationship_start must run inside a transaction")
    if programme.is_peer:
        return _peers_start(programme, mentor, mentee, source)
    membership = (
        Membership.objects.select_for_update()
        .select_related("programme")
        .filter(programme=programme, user=mentor, role=Role.MENTOR)
        .first()
    )
    if membership is None:
        raise Conflict(_("This mentor is no longer in the programme."))
    active = Relationship.objects.filter(
        programme=programme, mentor=mentor, status=Relationship.Status.ACTIVE
    ).count()
    if active >= mentor_capacity(membership):
        raise Conflict(
            _("%(display_name)s has no room for another mentee right now.")
            % {"display_name": mentor.display_name}
        )
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
        raise Conflict(_("This mentee already has an active mentor in the programme.")) from exc


def _peers_start(programme: Programme, first: User, second: User, source: str) -> Relationship:
    """Two peers: each must be in the programme with room for another pair
    (their capacity, one unless they set more)."""
    memberships = list(
        Membership.objects.select_for_update()
        .select_related("programme", "user")
        .filter(programme=programme, user__in=[first, second])
        .order_by("user_id")
    )
    if len(memberships) != 2 or first.pk == second.pk:
        raise Conflict(_("Both peers must be in the programme."))
    for membership in memberships:
        person = membership.user
        pairs = Relationship.objects.filter(
            Q(mentor=person) | Q(mentee=person),
            programme=programme,
            status=Relationship.Status.ACTIVE,
        ).count()
        if pairs >= peer_capacity(membership):
            raise Conflict(
                _("%(display_name)s has no room for another peer right now.")
                % {"display_name": person.display_name}
            )
    relationship = Relationship.objects.create(
        programme=programme, mentor=first, mentee=second, source=source, peer=True
    )
    RelationshipEvent.objects.create(
        relationship=relationship, actor=second, to_status=relationship.status, note=source
    )
    return relationship


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


@logs.logged
@transaction.atomic
def relationship_change_status(
    *, actor: User, relationship: Relationship, to: str, note: str = ""
) -> Relationship:
    require_pair_or_manager(actor, relationship, _("change its state"))
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if to not in TRANSITIONS.get(relationship.status, set()):
        raise Conflict(
            _("This relationship is %(state)s: it cannot become %(new_state)s.")
            % {
                "state": relationship.get_status_display(),
                "new_state": Relationship.Status(to).label if to in Relationship.Status else to,
            }
        )
    if len(note) > 500:
        raise InvalidInput(_("Keep the note under 500 characters."), errors=[{"field": "note"}])
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


def _check_off_limits(values: dict[str, object]) -> None:
    """Off-limits hours drive scheduling once signed, so each line must parse."""
    for field in ("mentor_off_limits", "mentee_off_limits"):
        try:
            parse_boundary_lines(str(values[field] or ""))
        except LogisticsError as error:
            raise InvalidInput.on(field, str(error)) from None


def _side(user: User, relationship: Relationship) -> str:
    return require_pair_member(user, relationship, _("draft and sign its agreement"))


@logs.logged
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
    check_video_link(str(values.get("video_link") or ""))
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
        raise Conflict(_("Nothing changed from the current agreement."))
    return Agreement.objects.create(
        relationship=relationship,
        version=(current.version + 1) if current else 1,
        drafted_by=actor,
        **values,
    )


@logs.logged
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
        raise NotFound(_("No such agreement in this relationship."))
    side = _side(actor, agreement.relationship)
    latest = agreement_current(agreement.relationship)
    if latest is None or latest.pk != agreement.pk:
        raise Conflict(_("A newer version exists; read and sign that one."))
    setattr(agreement, f"{side}_signed_at", timezone.now())
    agreement.save()
    return agreement


# --- shared objectives ----------------------------------------------------------------


def _check_pair_writes(actor: User, relationship: Relationship) -> None:
    require_pair_member(actor, relationship, _("set its objectives"))


@logs.logged
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
        raise InvalidInput.on("title", _("Give the objective a title of 3 to 120 characters."))
    if len(why) > 1000 or len(measures) > 1000:
        raise InvalidInput.on("why", _("Keep each part under 1,000 characters."))
    if target_date is not None and target_date < relationship.started_at.date():
        raise InvalidInput.on("target_date", _("The target date comes after the start."))
    return Objective.objects.create(
        relationship=relationship,
        title=title,
        why=why.strip(),
        measures=measures.strip(),
        target_date=target_date,
        created_by=actor,
    )


@logs.logged
@transaction.atomic
def skill_rate(
    *, actor: User, relationship: Relationship, objective_id: int, moment: str, rating: int
) -> SkillRating:
    """The actor's own view of where the mentee stands in an objective, at
    the start or the end; a second rating of the same moment replaces the
    first."""
    require_pair_member(actor, relationship, _("rate its objectives"))
    objective = Objective.objects.filter(pk=objective_id, relationship=relationship).first()
    if objective is None:
        raise NotFound(_("No such objective."))
    if rating not in SCALE:
        raise InvalidInput.on("rating", _("Rate from 1 (just starting) to 7 (strong)."))
    if moment not in SkillRating.Moment.values:
        raise InvalidInput.on("moment", _("Rate at the start or at the end."))
    if moment == SkillRating.Moment.END and not end_rating_open(
        relationship, today=timezone.now().date()
    ):
        raise Conflict(_("The end rating opens in the programme's last month or when you finish."))
    found, _created = SkillRating.objects.update_or_create(
        objective=objective,
        rater=actor,
        moment=moment,
        defaults={"rating": rating, "at": timezone.now()},
    )
    return found


@logs.logged
@transaction.atomic
def close_out_submit(
    *,
    actor: User,
    relationship: Relationship,
    recommend: bool,
    mentor_next: str,
    what_changed: str = "",
    ended_early_why: str = "",
) -> CloseOut:
    """The actor's own close-out; sent again, it replaces theirs."""
    require_pair_member(actor, relationship, _("close it out"))
    if not close_out_open(relationship, today=timezone.now().date()):
        raise Conflict(_("The close-out opens when the relationship or the programme ends."))
    if mentor_next not in CloseOut.Again.values:
        raise InvalidInput.on("mentor_next", _("Answer yes, maybe or no."))
    early = relationship.status == Relationship.Status.ENDED_EARLY
    if ended_early_why and (not early or ended_early_why not in CloseOut.EarlyEnd.values):
        raise InvalidInput.on("ended_early_why", _("Choose one of the reasons offered."))
    if len(what_changed) > 2000:
        raise InvalidInput.on("what_changed", _("Keep it under 2,000 characters."))
    found, _created = CloseOut.objects.update_or_create(
        relationship=relationship,
        person=actor,
        defaults={
            "what_changed": what_changed.strip(),
            "recommend": recommend,
            "mentor_next": mentor_next,
            "ended_early_why": ended_early_why,
            "submitted_at": timezone.now(),
        },
    )
    return found


@logs.logged
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
        raise NotFound(_("No such objective."))
    if not 0 <= progress <= 100:
        raise InvalidInput.on("progress", _("Progress is a percentage from 0 to 100."))
    if len(note) > 500:
        raise InvalidInput.on("note", _("Keep the note under 500 characters."))
    objective.progress = progress
    objective.save(update_fields=["progress"])
    return ObjectiveUpdate.objects.create(
        objective=objective, by=actor, progress=progress, note=note.strip()
    )


# --- a participant's role --------------------------------------------------------


@logs.logged
@transaction.atomic
def membership_change_role(
    *, actor: User, programme: Programme, membership_id: int, role: str
) -> Membership:
    """Make a participant a mentor or a mentee of the programme. Refused while
    they are in a running or paused relationship there: that pair is in the
    role it was formed in, and ends first."""
    require_programme_manager(actor, programme, gettext_noop("change its participants' roles"))
    if role not in Role.values:
        raise InvalidInput.on("role", _("Choose mentor or mentee."))
    membership = (
        Membership.objects.select_for_update().select_related("user")
        .filter(programme=programme, pk=membership_id).first()
    )  # fmt: skip
    if membership is None:
        raise NotFound(_("No such participant."))
    if membership.role == role:
        return membership
    running = Relationship.objects.filter(
        Q(mentor=membership.user) | Q(mentee=membership.user),
        programme=programme,
        status__in=[Relationship.Status.ACTIVE, Relationship.Status.PAUSED],
    )
    if running.exists():
        raise Conflict(
            _(
                "%(display_name)s is in a running relationship in this programme; it ends or "
                "completes before their role changes."
            )
            % {"display_name": membership.user.display_name}
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership
