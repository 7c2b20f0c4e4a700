"""Writes for programmes, invitations, enrolment and the people import.
Each service owns its transaction; callers pass plain, validated values."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from kindred.accounts import kept
from kindred.accounts.models import User, normalise_email
from kindred.accounts.services import user_sign_up
from kindred.audit import services as audit
from kindred.audit.models import AuditEvent
from kindred.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from kindred.notifications.services import notify, notify_address
from kindred.programs import events
from kindred.programs.importer import PersonRow, parse_people
from kindred.programs.messages import (
    Enrolled,
    InvitationConfirm,
    InvitationExistingAccount,
    Welcome,
)
from kindred.programs.models import ImportRun, Invitation, Membership, Programme, Role
from kindred.programs.policy import identity_refusal

PROGRAMME_FIELDS = (
    "name",
    "description",
    "goals",
    "start_date",
    "end_date",
    "default_cadence",
    "mentor_capacity_default",
    "joint_project_expected",
    "showcase_date",
    "status",
    "survey_first_day",
    "survey_every_days",
)


def _validation_to_domain(exc: ValidationError) -> InvalidInput:
    errors = [
        {"field": name, "message": message}
        for name, messages in exc.message_dict.items()
        for message in messages
    ]
    return InvalidInput("; ".join(e["message"] for e in errors), errors=errors)


def _save_validated(programme: Programme) -> Programme:
    if programme.showcase_date and programme.showcase_date < programme.start_date:
        raise InvalidInput(
            "The showcase cannot be before the programme starts.",
            errors=[{"field": "showcase_date", "message": "before the start date"}],
        )
    try:
        programme.full_clean()
        programme.save()
    except ValidationError as exc:
        raise _validation_to_domain(exc) from exc
    return programme


def unique_programme_slug(name: str) -> str:
    base = slugify(name)[:50] or "programme"
    slug, suffix = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def programme_create(
    *, actor: User, data: Mapping[str, Any], managers: Iterable[User] = ()
) -> Programme:
    if not actor.is_org_admin:
        raise Forbidden("Only organisation admins create programmes.")
    programme = Programme(**{k: v for k, v in data.items() if k in PROGRAMME_FIELDS})
    programme.slug = unique_programme_slug(programme.name)
    _save_validated(programme)
    _set_managers(actor, programme, managers)
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: Programme,
    data: Mapping[str, Any],
    managers: Iterable[User] | None = None,
) -> Programme:
    """Change the programme; `managers`, when given, replaces who runs it."""
    for name, value in data.items():
        if name in PROGRAMME_FIELDS:
            setattr(programme, name, value)
    _save_validated(programme)
    if managers is not None:
        _set_managers(actor, programme, managers)
    return programme


def _set_managers(actor: User, programme: Programme, managers: Iterable[User]) -> None:
    chosen = list(managers)
    if set(chosen) == set(programme.managers.all()):
        return
    if not actor.is_org_admin:
        raise Forbidden("Only organisation admins appoint programme managers.")
    programme.managers.set(chosen)


@transaction.atomic
def invitation_create(
    *, actor: User, programme: Programme, role: str, days_valid: int = 30, note: str = ""
) -> Invitation:
    if role not in Role.values:
        raise InvalidInput("Role must be mentor or mentee.", errors=[{"field": "role"}])
    if not 1 <= days_valid <= 365:
        raise InvalidInput("An invitation lasts 1 to 365 days.", errors=[{"field": "days_valid"}])
    return Invitation.objects.create(
        programme=programme,
        role=role,
        note=note.strip()[:120],
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=days_valid),
    )


@transaction.atomic
def invitation_revoke(*, programme: Programme, invitation_id: int) -> Invitation:
    invitation = programme.invitations.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound("No such invitation.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, invitation: Invitation) -> Membership:
    """Enrol the user with the invitation's role; following the same link
    twice is harmless, but it never changes a role the person already holds."""
    if not invitation.is_usable():
        raise NotFound("This invitation link is not valid any more.")
    membership = Membership.objects.filter(programme=invitation.programme, user=user).first()
    if membership is not None:
        if membership.role != invitation.role:
            raise Conflict(
                f"You already take part in {invitation.programme} as a "
                f"{membership.get_role_display().lower()}."
            )
        return membership
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                programme=invitation.programme,
                user=user,
                role=invitation.role,
                source=Membership.Source.INVITATION,
            )
    except IntegrityError as exc:  # a concurrent accept of the same link won
        raise Conflict("You have just been enrolled; reload the page.") from exc
    events.people_joined.send(sender=Membership, people=[user.pk])
    Invitation.objects.filter(pk=invitation.pk).update(use_count=F("use_count") + 1)
    _welcome(membership)
    return membership


# --- signing up through an invitation link ------------------------------------------
#
# The link is shared (a team channel, a slide), so following it proves nothing
# about who owns an address. The person gives their address; Kindred e-mails a
# link to it; only the holder of that inbox can follow it and make the account.
# Known and unknown addresses get the same answer on the page: the e-mail says
# what to do (sign in, for an address that has an account).

SIGN_UP_SALT = "kindred.invitation-sign-up"
SIGN_UP_LINK_AGE = dt.timedelta(hours=24)


def invitation_sign_up_request(*, invitation: Invitation, email: str) -> None:
    """E-mail `email` the link that proves it, or, when it already has an
    account, how to join with that account."""
    email = normalise_email(email)
    existing = User.objects.filter(email=email, is_active=True).first()
    stamp = int(timezone.now().timestamp())
    if existing is not None:
        notify(
            recipient=existing,
            message=InvitationExistingAccount(invitation=invitation.pk),
            key=f"invitation-sign-up:{invitation.pk}:{existing.pk}:{stamp}",
            urgent=True,
            digest=False,
        )
        return
    signed = signing.dumps({"e": email, "i": invitation.token}, salt=SIGN_UP_SALT)
    notify_address(
        address=email,
        message=InvitationConfirm(invitation=invitation.pk, signed=signed),
        key=f"invitation-sign-up:{invitation.pk}:{email}:{stamp}",
    )


def invitation_sign_up_address(*, invitation: Invitation, signed: str) -> str:
    """The address an e-mailed link proves, for this invitation."""
    try:
        found = signing.loads(signed, salt=SIGN_UP_SALT, max_age=SIGN_UP_LINK_AGE)
    except signing.SignatureExpired as exc:
        raise NotFound("This link has expired: open the invitation again for a new one.") from exc
    except signing.BadSignature as exc:
        raise NotFound("This link is not valid.") from exc
    if not isinstance(found, dict) or found.get("i") != invitation.token:
        raise NotFound("This link is not valid.")
    return str(found["e"])


@transaction.atomic
def invitation_sign_up(
    *, invitation: Invitation, signed: str, full_name: str, password: str
) -> Membership:
    """Make the account for the address the link proved, and enrol it."""
    email = invitation_sign_up_address(invitation=invitation, signed=signed)
    user = user_sign_up(email=email, full_name=full_name, password=password)
    return invitation_accept(user=user, invitation=invitation)


def _welcome(membership: Membership) -> None:
    notify(
        recipient=membership.user,
        message=Welcome(membership=membership.pk),
        key=f"welcome:{membership.pk}",
    )


def _tell_people_already_here(memberships: list[Membership]) -> None:
    """People who had an account before this import learn that they were
    added to one more programme (new people hear nothing from an import)."""
    for membership in memberships:
        notify(
            recipient=membership.user,
            message=Enrolled(membership=membership.pk),
            key=f"enrolled:{membership.programme_id}:{membership.user_id}",
        )


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    created: int
    updated: int
    enrolled: int
    role_changes: int
    notes: list[str] = dataclasses.field(default_factory=list)  # how the file was read


HR_FIELDS = ("full_name", "title", "level", "department", "manager_email", "location")
# Time zone and languages come from HR only until the person confirms them
# in their intake; after that the person's own answer wins.
SELF_OWNED_FIELDS = ("timezone", "languages")
QUERY_CHUNK = 900


def people_import(
    *,
    actor: User | None,
    programme: Programme,
    data: bytes,
    filename: str = "",
    max_rows: int = 50_000,
) -> ImportSummary:
    """Validate the whole file, then write all of it or nothing."""
    parsed = parse_people(data, filename=filename, max_rows=max_rows)
    if parsed.errors:
        # How the file was read comes first: it often explains the problems.
        raise InvalidInput(
            " ".join(
                [
                    *parsed.notes,
                    f"The file has {len(parsed.errors)} problem(s); nothing was imported.",
                ]
            ),
            errors=[error.as_dict() for error in parsed.errors],
        )
    with transaction.atomic():
        existing = _existing_users([row.email for row in parsed.rows])
        # What each row would change for a person already here, worked out
        # once: the reach check and the write both read it.
        changes = {
            row.email: _differences(existing[row.email], row)
            for row in parsed.rows
            if row.email in existing
        }
        _refuse_rows_out_of_reach(actor, programme, parsed.rows, existing, changes)
        summary = dataclasses.replace(
            _write_people(programme, parsed.rows, existing, changes), notes=parsed.notes
        )
        ImportRun.objects.create(
            programme=programme,
            actor=actor,
            filename=filename[:255],
            rows=summary.rows,
            created=summary.created,
            updated=summary.updated,
            enrolled=summary.enrolled,
        )
    return summary


def _refuse_rows_out_of_reach(
    actor: User | None,
    programme: Programme,
    rows: list[PersonRow],
    existing: dict[str, User],
    changes: dict[str, dict[str, object]],
) -> None:
    members = set(Membership.objects.filter(programme=programme).values_list("user", flat=True))
    # A row that changes nothing and enrols no one (the same HR file again)
    # is no rewrite of anyone.
    touching = [row for row in rows if row.email in existing and (row.role or changes[row.email])]
    errors = [
        {"line": row.line, "column": "email", "message": refusal}
        for row in touching
        if (refusal := identity_refusal(actor, existing[row.email], programme_members=members))
    ]
    if errors:
        raise InvalidInput(
            f"The file has {len(errors)} problem(s); nothing was imported.", errors=errors
        )


def _existing_users(emails: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for start in range(0, len(emails), QUERY_CHUNK):
        chunk = emails[start : start + QUERY_CHUNK]
        for user in User.objects.filter(email__in=chunk).select_related("profile"):
            found[user.email] = user
    return found


def _differences(user: User, row: PersonRow) -> dict[str, object]:
    """The row's values that differ from what the person's account holds."""
    fields = HR_FIELDS + (() if _confirmed_logistics(user) else SELF_OWNED_FIELDS)
    return {
        name: getattr(row, name) for name in fields if getattr(user, name) != getattr(row, name)
    }


def _apply(user: User, changed: dict[str, object]) -> set[str]:
    """Copy the changed values onto the user; return the fields' names."""
    for name, value in changed.items():
        setattr(user, name, value)
    return set(changed)


def _confirmed_logistics(user: User) -> bool:
    profile = getattr(user, "profile", None)
    return profile is not None and profile.owns_logistics


def _write_people(
    programme: Programme,
    rows: list[PersonRow],
    existing: dict[str, User],
    changes: dict[str, dict[str, object]],
) -> ImportSummary:
    new_users: list[User] = []
    changed_users: list[User] = []
    changed_fields: set[str] = set()
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            user = User(email=row.email)
            user.set_unusable_password()
            _apply(user, _differences(user, row))
            new_users.append(user)
            continue
        changed = _apply(user, changes[row.email])
        if changed:
            changed_users.append(user)
            changed_fields |= changed
    User.objects.bulk_create(new_users, batch_size=500)
    # bulk_update writes a CASE expression per field: name only those that changed.
    if changed_users:
        User.objects.bulk_update(changed_users, sorted(changed_fields), batch_size=250)
    events.people_joined.send(sender=Membership, people=[user.pk for user in new_users])
    by_email = existing | {user.email: user for user in new_users}
    enrolled, role_changes = _write_memberships(
        programme, rows, by_email, already_here={user.pk for user in existing.values()}
    )
    # Bulk writes send no signals: the people already here may have a kept
    # home that shows their old name, role or programmes.
    kept.forget([user.pk for user in existing.values()])
    return ImportSummary(
        rows=len(rows),
        created=len(new_users),
        updated=len(changed_users),
        enrolled=enrolled,
        role_changes=role_changes,
    )


def _write_memberships(
    programme: Programme, rows: list[PersonRow], users: dict[str, User], already_here: set[int]
) -> tuple[int, int]:
    current = {m.user_id: m for m in Membership.objects.filter(programme=programme)}
    to_create: list[Membership] = []
    to_update: list[Membership] = []
    changes: list[AuditEvent] = []
    for row in rows:
        if not row.role:
            continue
        user = users[row.email]
        membership = current.get(user.pk)
        if membership is None:
            to_create.append(
                Membership(
                    programme=programme, user=user, role=row.role, source=Membership.Source.IMPORT
                )
            )
        elif membership.role != row.role:
            changes.append(
                audit.event(
                    audit.Action.ROLE_CHANGE,
                    subject=user,
                    programme=programme,
                    detail=f"role {membership.role} → {row.role} (people import)",
                )
            )
            membership.role = row.role
            to_update.append(membership)
    Membership.objects.bulk_create(to_create, batch_size=500)
    Membership.objects.bulk_update(to_update, ["role"], batch_size=500)
    _tell_people_already_here([m for m in to_create if m.user_id in already_here])
    # Bulk writes send no signals, so the import logs its own role changes.
    audit.record_many(changes)
    return len(to_create), len(to_update)
