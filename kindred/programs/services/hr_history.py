"""The HR history import: an organisation admin loads years of dated
changes (joiners, leavers and why, levels, departments, locations) for
everyone in the directory, all of the file or none of it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from kindred.accounts import hr_changes
from kindred.accounts.models import HrChange, User
from kindred.lib import logs
from kindred.lib.phrases import phrase
from kindred.programs.hr_history import parse_history
from kindred.programs.importer import RowError, file_refused
from kindred.programs.policies import require_org_admin
from kindred.programs.services.roster import QUERY_CHUNK


@dataclass(frozen=True)
class HistorySummary:
    changes: int
    people: int


@logs.logged
def hr_history_import(*, actor: User, data: bytes, filename: str = "") -> HistorySummary:
    """Validate the whole file, then keep every change or none; a change
    already kept (the same person, event and day) is replaced, so the same
    file imported twice changes nothing."""
    require_org_admin(actor, gettext_noop("import HR history"))
    parsed = parse_history(data, today=timezone.now().date(), filename=filename)
    people = _people([row.email for row in parsed.rows])
    parsed.errors += [
        RowError(row.line, "email", phrase("No one in the directory has this address."))
        for row in parsed.rows
        if row.email not in people
    ]
    if parsed.errors:
        raise file_refused(parsed.notes, parsed.errors)
    with transaction.atomic():
        kept = hr_changes.record(
            HrChange(person_id=people[row.email], on=row.on, kind=row.kind, value=row.value)
            for row in parsed.rows
        )
    return HistorySummary(changes=kept, people=len({row.email for row in parsed.rows}))


def _people(emails: list[str]) -> dict[str, int]:
    wanted = sorted(set(emails))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), QUERY_CHUNK):
        chunk = wanted[start : start + QUERY_CHUNK]
        found.update(User.objects.filter(email__in=chunk).values_list("email", "pk"))
    return found
