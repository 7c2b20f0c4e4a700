"""Writes for calendars: connecting, refreshing and removing a person's own
calendars. Only the owner acts on a connection; what it reads is turned
into busy intervals at once and nothing else of it is kept."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.calendars import readers
from kindred.calendars.caldav_reader import read_caldav
from kindred.calendars.caldav_writer import CalendarUnwritable, CopyRefused, Writer
from kindred.calendars.copies import Copy, copies_of
from kindred.calendars.models import BusyInterval, CalendarConnection, WrittenEvent
from kindred.calendars.policies import require_owner
from kindred.lib import logs
from kindred.lib.errors import InvalidInput, NotFound
from kindred.lib.jobs import run_later
from kindred.lib.phrases import Phrase, joined, kept, kept_list, phrase
from kindred.lib.safe_fetch import address_problem
from kindred.lib.sealing import seal
from kindred.lib.text import require_single_line

logger = logging.getLogger("kindred")
READ_BEHIND = dt.timedelta(days=1)
READ_AHEAD = dt.timedelta(weeks=17)  # about four months: further ahead, plans change
# A calendar unchanged (304) keeps its intervals, but they were expanded
# up to a horizon that time eats into: re-read in full once a week.
FULL_READ_EVERY = dt.timedelta(days=7)
REFRESH_EVERY = dt.timedelta(hours=1)
MAX_CONNECTIONS = 10


def _plain_url(url: str) -> str:
    """webcal:// is how calendars offer a subscription: it is https."""
    url = url.strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    return url


def _checked(actor: User, name: str, url: str) -> tuple[str, str]:
    if CalendarConnection.objects.filter(owner=actor).count() >= MAX_CONNECTIONS:
        raise InvalidInput(
            _("Connect at most %(connections)s calendars.") % {"connections": MAX_CONNECTIONS}
        )
    name = require_single_line(name.strip()[:80], "name") or _("My calendar")
    problem = address_problem(url)
    if problem:
        raise InvalidInput(str(problem), errors=[{"field": "url", "message": str(problem)}])
    return name, url


@logs.logged
def calendar_connect_ics(
    *, actor: User, name: str, url: str, all_day_blocks: bool = False
) -> CalendarConnection:
    """A secret iCalendar address, read once now (the result is on the
    connection: its busy times, or why none could be read)."""
    return _connect(actor, CalendarConnection.Kind.ICS, name, _plain_url(url), all_day_blocks)


@logs.logged
def calendar_connect_caldav(
    *, actor: User, name: str, url: str, username: str, password: str,
    all_day_blocks: bool = False, write_meetings: bool = False,
) -> CalendarConnection:  # fmt: skip
    """A CalDAV account (an app password, never the main one), read once
    now; with `write_meetings`, the person's meetings are written into it."""
    connection = _connect(
        actor, CalendarConnection.Kind.CALDAV, name, url.strip(), all_day_blocks,
        username=require_single_line(username.strip()[:200], "username"),
        password_sealed=seal(password), write_meetings=write_meetings,
    )  # fmt: skip
    if write_meetings:
        calendar_write(connection)
    return connection


def _connect(
    actor: User, kind: str, name: str, url: str, all_day_blocks: bool, **fields: object
) -> CalendarConnection:
    name, url = _checked(actor, name, url)
    connection = CalendarConnection.objects.create(
        owner=actor, kind=kind, name=name, host=urlsplit(url).hostname or "",
        url_sealed=seal(url), all_day_blocks=all_day_blocks, **fields,
    )  # fmt: skip
    return _first_read(connection)


def _first_read(connection: CalendarConnection) -> CalendarConnection:
    """A calendar that cannot be read even once is not kept: the person
    fixes the address (or its sharing) and connects it again."""
    connection = calendar_read(connection)
    if connection.last_success_at is None:
        reason = connection.error_words
        connection.delete()
        raise InvalidInput(
            _("Kindred could not read that calendar: %(reason)s") % {"reason": reason},
            errors=[{"field": "url", "message": reason}],
        )
    return connection


@logs.logged
def calendar_refresh(*, actor: User, connection_id: int) -> CalendarConnection:
    """Read the calendar again now, in full (no conditional request)."""
    connection = _own(actor, connection_id)
    connection.etag = connection.last_modified = ""
    return calendar_read(connection)


@logs.logged
def calendar_update(
    *, actor: User, connection_id: int, name: str, all_day_blocks: bool,
    write_meetings: bool | None = None, write_to: str | None = None,
) -> CalendarConnection:  # fmt: skip
    """Rename it, change what blocks, and (a CalDAV account) start or stop
    writing meetings into it, or move them to another of its calendars:
    stopping or moving takes out what Kindred wrote where it was."""
    connection = _own(actor, connection_id)
    writes = connection.write_meetings if write_meetings is None else write_meetings
    if writes and connection.kind != CalendarConnection.Kind.CALDAV:
        raise InvalidInput(_("Kindred writes meetings only into a CalDAV account."))
    target = connection.write_to if write_to is None else _known_calendar(connection, write_to)
    connection.name = require_single_line(name.strip()[:80], "name") or connection.name
    changed = connection.all_day_blocks != all_day_blocks
    before = (connection.write_meetings, connection.write_to)
    connection.all_day_blocks, connection.write_meetings = all_day_blocks, writes
    connection.write_to = target
    connection.save(update_fields=["name", "all_day_blocks", "write_meetings", "write_to"])
    _follow_writing(connection, *before)
    if changed:  # what blocks changed: read again in full (outside any transaction)
        connection.etag = connection.last_modified = ""
        return calendar_read(connection)
    return connection


def _known_calendar(connection: CalendarConnection, url: str) -> str:
    """One of the account's calendars as last read ("" for the default)."""
    if url and url not in {c["url"] for c in connection.calendars}:
        raise InvalidInput(
            _("Choose one of the account's calendars."),
            errors=[{"field": "write_to", "message": _("Not a calendar of this account.")}],
        )
    return url


def _follow_writing(connection: CalendarConnection, was_writing: bool, was_to: str) -> None:
    """Take meetings out of where they no longer belong, and write them
    where they now do."""
    now_to, before_to = connection.write_target(), connection.write_target(was_to)
    moved = now_to.rstrip("/") != before_to.rstrip("/")
    if was_writing and (not connection.write_meetings or moved):
        _unwrite(connection)
    if connection.write_meetings and (not was_writing or moved):
        calendar_write(connection)


@logs.logged
def calendar_remove(*, actor: User, connection_id: int) -> None:
    """Forget the calendar: its address, its credentials, its busy times;
    first, the meetings Kindred wrote into it are taken out (as far as the
    server lets Kindred: the calendar goes either way)."""
    connection = _own(actor, connection_id)
    _unwrite(connection)
    connection.delete()


def refresh_calendars(*, now: dt.datetime | None = None) -> int:
    """The scheduled refresh: every calendar not read in the last hour.
    One failing calendar is noted on it and never stops the others.
    Returns how many were read."""
    now = now or timezone.now()
    due = CalendarConnection.objects.exclude(last_attempt_at__gt=now - REFRESH_EVERY)
    read = 0
    for connection in due.select_related("owner").iterator(chunk_size=200):
        calendar_read(connection, now=now)
        read += 1
    return read


def calendar_read(
    connection: CalendarConnection, *, now: dt.datetime | None = None
) -> CalendarConnection:
    """Read one calendar and replace its busy intervals; a failure is kept
    on the connection with its reason, and the intervals read before stay
    (a calendar that cannot be reached is shown stale, not empty)."""
    now = now or timezone.now()
    full = connection.read_until is None or (
        connection.last_success_at is not None
        and now - connection.last_success_at > FULL_READ_EVERY
    )
    if full:
        connection.etag = connection.last_modified = ""
    window = (now - READ_BEHIND, now + READ_AHEAD)
    connection.last_attempt_at = now
    try:
        outcome = _read(connection, *window)
    except readers.CalendarUnreadable as exc:
        return _failed(connection, exc.words)
    except Exception:  # a calendar Kindred cannot read must not stop the rest
        logger.exception("calendar_unreadable", extra={"connection": connection.pk})
        return _failed(connection, phrase("Its contents could not be read."))
    with transaction.atomic():
        if outcome.intervals is not None:
            BusyInterval.objects.filter(connection=connection).delete()
            BusyInterval.objects.bulk_create(
                [
                    BusyInterval(connection=connection, owner_id=connection.owner_id,
                                 start=start, end=end)
                    for start, end in outcome.intervals
                ],
                batch_size=1000,
            )  # fmt: skip
            connection.read_until = window[1]
            # Kept as phrases: the owner reads them later in their own language.
            connection.skipped = kept_list(
                [readers.skipped_phrase(part) for part in outcome.problems]
            )
        if outcome.calendars:
            connection.calendars = outcome.calendars
        connection.etag, connection.last_modified = outcome.etag, outcome.last_modified
        connection.last_success_at, connection.last_error = now, ""
        connection.save(update_fields=READ_FIELDS)
    return connection


def _read(
    connection: CalendarConnection, start: dt.datetime, end: dt.datetime
) -> readers.ReadOutcome:
    url = readers.address_of(connection)
    if connection.kind == CalendarConnection.Kind.CALDAV:
        return read_caldav(connection, url, start, end)
    return readers.read_ics(connection, url, start, end)


def _failed(connection: CalendarConnection, reason: Phrase) -> CalendarConnection:
    # Read in the background, shown later to the owner in their language.
    connection.last_error = kept(reason)
    connection.save(update_fields=READ_FIELDS)
    return connection


# What a read writes on the connection: only these, so that a read and a
# write of the same calendar at the same moment never undo each other.
READ_FIELDS = [
    "etag", "last_modified", "read_until", "last_attempt_at", "last_success_at", "last_error",
    "skipped", "calendars",
]  # fmt: skip


def _own(actor: User, connection_id: int) -> CalendarConnection:
    connection = CalendarConnection.objects.filter(pk=connection_id).first()
    if connection is None:
        raise NotFound(_("No such calendar."))
    require_owner(actor, connection)
    return connection


# --- Writing meetings into a CalDAV calendar --------------------------------

WRITE_BEHIND = dt.timedelta(days=1)
WRITE_PROBLEMS_KEPT = 5  # enough to act on; the rest are the same server's same refusal


def write_calendars_later(people: list[int]) -> None:
    """After this transaction, bring the calendars these people asked
    Kindred to write into up to date (nothing to do for most people)."""
    if CalendarConnection.objects.filter(owner__in=people, write_meetings=True).exists():
        run_later("kindred.calendars.tasks.write_calendars_of", sorted(set(people)))


def write_calendars(*, people: list[int] | None = None, now: dt.datetime | None = None) -> int:
    """Write into every calendar that asks for meetings (of `people`, or
    everyone's: the scheduled sweep, which also catches what a failed
    write missed). One failing calendar never stops the others. Returns
    how many were written to."""
    writing = CalendarConnection.objects.filter(write_meetings=True).select_related("owner")
    if people is not None:
        writing = writing.filter(owner__in=people)
    count = 0
    for connection in writing.iterator(chunk_size=200):
        calendar_write(connection, now=now)
        count += 1
    return count


def calendar_write(
    connection: CalendarConnection, *, now: dt.datetime | None = None
) -> CalendarConnection:
    """Make the calendar hold the owner's meetings as Kindred has them: a
    new or changed one written, a cancelled one (or one no longer theirs)
    taken out, a past one left alone as history. Only what changed since
    the last write goes to the server."""
    now = now or timezone.now()
    wanted = {copy.uid: copy for copy in copies_of(connection.owner, now)}
    held = {row.uid: row for row in WrittenEvent.objects.filter(connection=connection)}
    problems: list[Phrase] = []
    try:
        writer = Writer(connection, readers.address_of(connection))
        for copy in wanted.values():
            if copy.uid not in held or held[copy.uid].digest != copy.digest:
                _write_one(writer, connection, copy, held.get(copy.uid), problems)
        for row in held.values():
            if row.uid not in wanted:
                _take_out(writer, row, now, problems)
    except (CalendarUnwritable, readers.CalendarUnreadable) as exc:
        return _write_failed(connection, exc.words)
    except Exception:  # one calendar Kindred cannot write must not stop the rest
        logger.exception("calendar_unwritable", extra={"connection": connection.pk})
        return _write_failed(connection, phrase("The server's answer could not be understood."))
    # The first few events' problems, kept to be read in the owner's language.
    connection.write_error = kept(joined(problems[:WRITE_PROBLEMS_KEPT])) if problems else ""
    connection.last_written_at = now
    connection.save(update_fields=["write_error", "last_written_at"])
    return connection


def _write_one(
    writer: Writer,
    connection: CalendarConnection,
    copy: Copy,
    row: WrittenEvent | None,
    problems: list[Phrase],
) -> None:
    try:
        href = writer.put(copy.uid, copy.build(), row.href if row else "")
    except CopyRefused as exc:
        problems.append(exc.words)
        return
    # A sweep may write the same event at the same moment: update_or_create
    # takes the row the other made (it retries a unique clash as a get).
    WrittenEvent.objects.update_or_create(
        connection=connection, uid=copy.uid,
        defaults={"href": href, "digest": copy.digest, "ends_at": copy.ends_at},
    )  # fmt: skip


def _take_out(writer: Writer, row: WrittenEvent, now: dt.datetime, problems: list[Phrase]) -> None:
    if row.ends_at > now - WRITE_BEHIND:  # cancelled, or no longer theirs
        try:
            writer.delete(row.href)
        except CopyRefused as exc:
            problems.append(exc.words)
            return
    row.delete()  # a past meeting stays in the calendar; Kindred forgets it wrote it


def _unwrite(connection: CalendarConnection) -> None:
    """Take out every meeting Kindred wrote that has not happened yet."""
    rows = list(WrittenEvent.objects.filter(connection=connection))
    if not rows:
        return
    now = timezone.now()
    try:
        writer = Writer(connection, readers.address_of(connection))
        for row in rows:
            _take_out(writer, row, now, problems=[])
    except (CalendarUnwritable, readers.CalendarUnreadable) as exc:
        logger.info("calendar_unwrite_failed", extra={"connection": connection.pk, "why": str(exc)})
    WrittenEvent.objects.filter(connection=connection).delete()


def _write_failed(connection: CalendarConnection, reason: Phrase) -> CalendarConnection:
    connection.write_error = kept(reason)
    connection.save(update_fields=["write_error"])
    return connection
