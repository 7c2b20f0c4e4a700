"""The people import: HR's roster in, all or nothing, people created or
updated and enrolled in one transaction."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from kindred.accounts import hr_changes
from kindred.accounts.models import User
from kindred.audit import services as audit
from kindred.audit.models import AuditEvent
from kindred.lib import cache, logs
from kindred.lib.errors import InvalidInput
from kindred.lib.languages import interface_language
from kindred.lib.phrases import Phrase
from kindred.notifications.services import notify
from kindred.programs import events
from kindred.programs.importer import (
    ParsedFile,
    PersonRow,
    RowError,
    file_refused,
    nothing_imported,
    parse_people,
)
from kindred.programs.messages import (
    Enrolled,
)
from kindred.programs.models import ImportRun, Membership, Programme
from kindred.programs.policies import (
    identity_refusal,
    require_org_admin,
    require_programme_manager,
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


# Time zone and languages come from HR only until the person confirms them
# in their intake; after that the person's own answer wins.
QUERY_CHUNK = 900


@logs.logged
def people_import(
    *,
    actor: User | None,
    programme: Programme | None,
    data: bytes,
    filename: str = "",
    max_rows: int = 50_000,
) -> ImportSummary:
    """Validate the whole file, then write all of it or nothing. Without a
    programme (the organisation's roster, organisation admins only) the
    file adds and updates people and enrols nobody."""
    parsed = _parsed_for(actor, programme, data, filename, max_rows)
    if parsed.errors:
        raise file_refused(parsed.notes, parsed.errors)
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
            _write_people(programme, parsed.rows, existing, changes),
            notes=[str(note) for note in parsed.notes],
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


def _parsed_for(
    actor: User | None, programme: Programme | None, data: bytes, filename: str, max_rows: int
) -> ParsedFile:
    if programme is not None:
        require_programme_manager(actor, programme, gettext_noop("import its people"))
    elif actor is not None:
        require_org_admin(actor, gettext_noop("import the organisation's roster"))
    parsed = parse_people(data, filename=filename, max_rows=max_rows)
    if programme is None:
        parsed.errors += [
            RowError(row.line, "role", NO_PROGRAMME_FOR_ROLE) for row in parsed.rows if row.role
        ]
    return parsed


NO_PROGRAMME_FOR_ROLE = Phrase(
    gettext_noop("A role needs a programme to join: choose one, or leave the role empty.")
)


def _refuse_rows_out_of_reach(
    actor: User | None,
    programme: Programme | None,
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
            nothing_imported(len(errors)),
            errors=errors,
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
    fields = User.HR_FIELDS + (() if _confirmed_logistics(user) else User.SELF_OWNED_FIELDS)
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
    programme: Programme | None,
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
            # Kindred speaks to them in the first language HR lists that it
            # is written in, until they choose or first sign in.
            user.language = interface_language(user.languages)
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
        # Dated, so outcomes see a level up as a promotion and a move as a move.
        today = timezone.now().date()
        hr_changes.record(
            change
            for user in changed_users
            for change in hr_changes.changes_of(user.pk, changes[user.email], today)
        )
    events.people_joined.send(sender=Membership, people=[user.pk for user in new_users])
    by_email = existing | {user.email: user for user in new_users}
    enrolled, role_changes = _write_memberships(
        programme, rows, by_email, already_here={user.pk for user in existing.values()}
    )
    # Bulk writes send no signals: the people already here may have a kept
    # home that shows their old name, role or programmes.
    cache.invalidate([user.pk for user in existing.values()])
    return ImportSummary(
        rows=len(rows),
        created=len(new_users),
        updated=len(changed_users),
        enrolled=enrolled,
        role_changes=role_changes,
    )


def _write_memberships(
    programme: Programme | None,
    rows: list[PersonRow],
    users: dict[str, User],
    already_here: set[int],
) -> tuple[int, int]:
    if programme is None:
        return 0, 0
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
                    # The audit log keeps English, as every other entry.
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
