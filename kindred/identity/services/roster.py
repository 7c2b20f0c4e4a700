"""Roster sync without SCIM: the organisation's full HR roster, uploaded
or pulled on a schedule. People in it are added and updated by the people
import; people absent from it are leavers (the same event as SCIM's).

Who can be a leaver: an active account at one of the roster's e-mail
domains (a partner organisation's mentor is not on your HR roster), not
provisioned by SCIM (the directory speaks for those), not a superuser (the
break-glass account) and not the admin running it. An upload is previewed
and confirmed by a person; a scheduled pull that would deactivate more
than the configured share of the organisation waits for one."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindred.accounts.models import User
from kindred.identity.models import RosterSync, RosterUpload
from kindred.identity.policies import require_identity_admin
from kindred.identity.roster_source import RosterUnavailable, fetch_roster
from kindred.identity.services.leavers import person_leave
from kindred.lib import logs
from kindred.lib.errors import Conflict, DomainError, InvalidInput, NotFound
from kindred.lib.phrases import Phrase, kept, phrase, phrases
from kindred.programs.importer import ParsedFile, nothing_imported, parse_people
from kindred.programs.services import QUERY_CHUNK, ImportSummary, people_import

UPLOAD_KEPT = dt.timedelta(days=1)
LEAVERS_SHOWN = 200


@dataclass(frozen=True)
class RosterPreview:
    upload: RosterUpload
    rows: int
    new: int
    domains: list[str]
    leaver_count: int
    leavers: list[User]  # the first LEAVERS_SHOWN, by name
    notes: list[Phrase] = field(default_factory=list)


@dataclass(frozen=True)
class RosterResult:
    imported: ImportSummary
    left: int

    def __str__(self) -> str:
        return str(self.words)

    @property
    def words(self) -> Phrase:
        i = self.imported
        return phrases(
            "%(count)s person in the roster: %(created)s new, %(updated)s updated, %(left)s "
            "deactivated as leavers.",
            "%(count)s people in the roster: %(created)s new, %(updated)s updated, %(left)s "
            "deactivated as leavers.",
            i.rows,
            created=i.created,
            updated=i.updated,
            left=self.left,
        )


class Refused(InvalidInput):
    """A roster the import refuses. `words` keep why as a phrase: the
    scheduled pull notes it for admins who each read their own language."""

    def __init__(
        self, words: Phrase, *, message: str = "", errors: list[dict[str, object]] | None = None
    ) -> None:
        super().__init__(message or str(words), errors=errors)
        self.words = words


class Held(Refused):
    status = 409
    code = "held"


@logs.logged
@transaction.atomic
def roster_upload(*, actor: User, data: bytes, filename: str) -> RosterUpload:
    """Keep an uploaded roster for its preview; a file with problems is
    refused (InvalidInput naming each) and nothing is kept."""
    require_identity_admin(actor)
    _checked_emails(data, filename)
    RosterUpload.objects.filter(created_at__lt=timezone.now() - UPLOAD_KEPT).delete()
    return RosterUpload.objects.create(actor=actor, data=data, filename=filename[:255])


def roster_preview(*, actor: User, upload_id: int) -> RosterPreview:
    """What confirming `upload_id` would do; nothing is written."""
    upload = _upload_of(actor, upload_id)
    data = bytes(upload.data)
    parsed = _checked(data, upload.filename)
    emails = {row.email for row in parsed.rows}
    leavers = _leavers(emails, actor)
    return RosterPreview(
        upload=upload,
        rows=len(emails),
        new=len(emails) - _known(emails),
        domains=sorted(_domains(emails)),
        leaver_count=leavers.count(),
        leavers=list(leavers.order_by("full_name", "email")[:LEAVERS_SHOWN]),
        notes=parsed.notes,
    )


@logs.logged
@transaction.atomic
def roster_confirm(*, actor: User, upload_id: int, leavers_seen: int) -> RosterResult:
    """Apply a previewed roster, if it still deactivates the number of
    people the admin saw (the organisation may have changed since)."""
    upload = _upload_of(actor, upload_id)
    result = _apply(actor, bytes(upload.data), upload.filename, expected=leavers_seen)
    upload.delete()
    _note(
        RosterSync.Outcome.DONE,
        phrase("Uploaded %(file)s: %(result)s", file=upload.filename, result=result.words),
    )
    return result


@logs.logged
@transaction.atomic
def roster_sync_configure(
    *, actor: User, source: str, enabled: bool, every_hours: int, max_leavers_percent: int
) -> RosterSync:
    """Where and how often to pull the roster; the scheduled pull acts as
    `actor` from now on."""
    require_identity_admin(actor)
    sync = _the_sync()
    sync.source, sync.enabled = source.strip(), enabled
    sync.every_hours, sync.max_leavers_percent = every_hours, max_leavers_percent
    sync.acting_as = actor
    sync.full_clean()
    sync.save()
    return sync


def roster_sync_run(*, force: bool = False, now: dt.datetime | None = None) -> RosterSync | None:
    """The scheduled pull, when it is on and due (or `force`): fetch, check,
    apply or hold, and note the outcome on the admin page. Returns the sync
    when it ran."""
    now = now or timezone.now()
    sync = RosterSync.objects.first()
    if sync is None or not sync.source or not (sync.enabled or force):
        return None
    if not force and sync.last_run_at and now < sync.last_run_at + _every(sync):
        return None
    outcome, message = _pull(sync)
    _note(outcome, message, now=now)
    return RosterSync.objects.get(pk=sync.pk)


def _pull(sync: RosterSync) -> tuple[str, Phrase | str]:
    actor = sync.acting_as
    if actor is None or not (actor.is_active and actor.is_org_admin):
        return RosterSync.Outcome.FAILED, phrase(
            "The admin who set up the roster sync can no longer act for it: an organisation "
            "admin saves its settings again."
        )
    try:
        data, filename = fetch_roster(sync.source)
        with transaction.atomic():
            result = _apply(actor, data, filename, cap=_cap(sync))
    except RosterUnavailable as exc:
        return RosterSync.Outcome.FAILED, exc.words
    except Held as exc:
        return RosterSync.Outcome.HELD, exc.words
    except Refused as exc:
        return RosterSync.Outcome.FAILED, exc.words
    except DomainError as exc:
        # Whatever else the import refuses (a person out of reach) is said
        # in the language the pull runs in.
        return RosterSync.Outcome.FAILED, exc.with_first_lines()
    return RosterSync.Outcome.DONE, result.words


def _apply(
    actor: User, data: bytes, filename: str, *, expected: int | None = None, cap: int | None = None
) -> RosterResult:
    emails = _checked_emails(data, filename)
    leavers = list(_leavers(emails, actor))
    if expected is not None and len(leavers) != expected:
        raise Conflict(
            ngettext(
                "The organisation changed since the preview: %(count)s person would now be "
                "deactivated, not %(expected)s. Look at the preview again.",
                "The organisation changed since the preview: %(count)s people would now be "
                "deactivated, not %(expected)s. Look at the preview again.",
                len(leavers),
            )
            % {"count": len(leavers), "expected": expected}
        )
    if cap is not None and len(leavers) > cap:
        raise Held(
            phrases(
                "This roster would deactivate %(count)s person, more than the %(cap)s a "
                "scheduled pull may: nothing changed. Upload it on the roster page to see "
                "who and confirm, or fix the HR export.",
                "This roster would deactivate %(count)s people, more than the %(cap)s a "
                "scheduled pull may: nothing changed. Upload it on the roster page to see "
                "who and confirm, or fix the HR export.",
                len(leavers),
                cap=cap,
            )
        )
    imported = people_import(actor=actor, programme=None, data=data, filename=filename)
    for person in leavers:
        person_leave(actor=actor, person=person)
    return RosterResult(imported=imported, left=len(leavers))


def _checked_emails(data: bytes, filename: str) -> set[str]:
    return {row.email for row in _checked(data, filename).rows}


def _checked(data: bytes, filename: str) -> ParsedFile:
    """The roster read, or InvalidInput naming every problem."""
    parsed = parse_people(data, filename=filename)
    if parsed.errors:
        raise Refused(
            _problems(parsed),
            message=" ".join([*map(str, parsed.notes), nothing_imported(len(parsed.errors))]),
            errors=[error.as_dict() for error in parsed.errors],
        )
    roles = [row for row in parsed.rows if row.role]
    if roles:
        raise Refused(
            phrase(
                "The organisation's roster enrols nobody: leave the role column empty, "
                "and import each programme's people on its own page."
            ),
            errors=[
                {"line": r.line, "column": "role", "message": _("Leave empty.")} for r in roles
            ],
        )
    if not parsed.rows:
        raise Refused(
            phrase("The roster lists nobody: a roster without people would end everyone.")
        )
    return parsed


def _problems(parsed: ParsedFile) -> Phrase:
    """What the scheduled pull notes of a roster with problems: how many,
    and the first (the roster page's upload names every one)."""
    first = parsed.errors[0]
    where = (
        phrase("line %(line)s: %(problem)s", line=first.line, problem=first.words)
        if first.line
        else first.words
    )
    return phrases(
        "The roster has %(count)s problem, so nothing changed (%(first)s). Upload it on "
        "the roster page to see each one.",
        "The roster has %(count)s problems, so nothing changed (the first, %(first)s). "
        "Upload it on the roster page to see each one.",
        len(parsed.errors),
        first=where,
    )


def _domains(emails: set[str]) -> set[str]:
    return {email.rpartition("@")[2] for email in emails}


def _leavers(emails: set[str], actor: User) -> QuerySet[User]:
    at_domains = Q()
    for domain in _domains(emails):
        at_domains |= Q(email__iendswith=f"@{domain}")
    candidates = (
        User.objects.filter(at_domains, is_active=True, is_superuser=False, scim__isnull=True)
        .exclude(pk=actor.pk)
        .values_list("pk", "email")
    )
    # Compared here, not in SQL: a roster of 50,000 addresses is more than a
    # query may name.
    return User.objects.filter(pk__in=[pk for pk, email in candidates if email not in emails])


def _known(emails: set[str]) -> int:
    listed = sorted(emails)
    return sum(
        User.objects.filter(email__in=listed[start : start + QUERY_CHUNK]).count()
        for start in range(0, len(listed), QUERY_CHUNK)
    )


def _cap(sync: RosterSync) -> int:
    active = User.objects.filter(is_active=True).count()
    return math.floor(active * sync.max_leavers_percent / 100)


def _every(sync: RosterSync) -> dt.timedelta:
    # A little early counts as due: a pull that took a minute must not push
    # the next one a whole cadence later.
    return dt.timedelta(hours=sync.every_hours) - dt.timedelta(minutes=5)


def _upload_of(actor: User, upload_id: int) -> RosterUpload:
    require_identity_admin(actor)
    upload = RosterUpload.objects.filter(pk=upload_id, actor=actor).first()
    if upload is None:
        raise NotFound(_("No such roster upload: upload the file again."))
    return upload


def _the_sync() -> RosterSync:
    sync = RosterSync.objects.order_by("pk").first()
    return sync if sync is not None else RosterSync()


def _note(outcome: str, message: Phrase | str, *, now: dt.datetime | None = None) -> None:
    """The outcome for the admin page; a phrase is kept to be read in each
    admin's language (a refusal from the import is already a sentence)."""
    now = now or timezone.now()
    sync = _the_sync()
    sync.last_run_at, sync.last_outcome = now, outcome
    sync.last_message = kept(message) if isinstance(message, Phrase) else message[:2000]
    if outcome == RosterSync.Outcome.DONE:
        sync.last_success_at = now
    sync.save()
