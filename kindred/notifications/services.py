"""Queue and dispatch notifications through the outbox."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, Now
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kindred.engines.scheduling import Calendar
from kindred.lib import cache, logs, metrics
from kindred.lib.errors import InvalidInput
from kindred.lib.jobs import run_later
from kindred.lib.links import absolute_url, site_path
from kindred.lib.text import one_line
from kindred.notifications.delivery import lease, mentions, message_id, retry_delay
from kindred.notifications.kinds import KEYS, muted, optional_kind
from kindred.notifications.messages import (
    Message,
    Rendered,
    language_of,
    message_of,
    render_text,
)
from kindred.notifications.models import Notification
from kindred.notifications.timing import earliest_send_time

if TYPE_CHECKING:
    from kindred.accounts.models import User


logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
DISPATCH = "kindred.notifications.tasks.dispatch_notifications"


def notify(
    *,
    recipient: User,
    message: Message,
    key: str,
    urgent: bool = False,
    digest: bool = True,
    payload: dict[str, object] | None = None,
    now: dt.datetime | None = None,
    calendar: Calendar | None = None,
    delay: dt.timedelta = dt.timedelta(0),
) -> Notification:
    """Queue a notification once per key. Urgent ones skip quiet hours;
    others wait for the recipient's window (after `delay`, which lets a
    burst gather or be read in the app first) and may be gathered in a digest."""
    now = now or timezone.now()
    earliest = now if urgent else earliest_send_time(recipient, now + delay, calendar)
    # An optional kind the person turned off is kept as a record, never sent.
    off = muted(message.kind, recipient.muted_emails)
    return _queue(
        key,
        message.render(recipient),
        recipient=recipient,
        kind=message.kind,
        params=message.params(),
        mentions=mentions(message.named()),
        payload=payload or {},
        urgent=urgent,
        earliest_send_at=earliest,
        next_attempt_at=earliest,
        digest_key="" if urgent or not digest else f"user:{recipient.pk}",
        state=Notification.State.WITHDRAWN if off else Notification.State.PENDING,
    )


def notify_address(*, address: str, message: Message, key: str) -> Notification:
    """Queue an urgent e-mail to an address that has no account (yet): the
    link that proves the address is someone's before an account exists."""
    now = timezone.now()
    return _queue(
        key,
        message.render(None),
        address=address,
        kind=message.kind,
        params=message.params(),
        urgent=True,
        earliest_send_at=now,
        next_attempt_at=now,
    )


def _queue(key: str, rendered: Rendered, **fields: object) -> Notification:
    """The row for `key`, written once however often or concurrently it is
    asked for, and the dispatch scheduled once it commits."""
    fields |= _words(rendered) | {"request_id": logs.current_request_id()[:64]}
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                idempotency_key=key[:200], defaults=fields
            )
    except IntegrityError:  # the same key queued at the same moment elsewhere
        return Notification.objects.get(idempotency_key=key[:200])
    if created:
        run_later(
            "kindred.notifications.tasks.dispatch_notifications", at=notification.earliest_send_at
        )
    return notification


def _words(rendered: Rendered) -> dict[str, str]:
    # The subject becomes a header: one line, cleaned here, the one place
    # every message passes, whatever its template produced.
    return {
        "subject": one_line(rendered.subject)[:200],
        "body": rendered.text,
        "link": site_path(rendered.link),
    }


def refresh(*, key: str, message: Message, recipient: User) -> int:
    """Bring a waiting row up to date with newer news of the same kind (one
    e-mail per unread stretch says how many came since)."""
    waiting = Notification.objects.filter(idempotency_key=key, state=Notification.State.PENDING)
    return waiting.update(
        params=message.params(),
        mentions=mentions(message.named()),
        **_words(message.render(recipient)),
    )


def rerender(*, person_pk: int) -> int:
    """Render again every queued or sent message that named this person
    (after they were erased, their name now reads as the anonymous label).
    Returns how many rows changed."""
    changed = 0
    rows = Notification.objects.filter(mentions__contains=f",{person_pk},")
    for row in rows.select_related("recipient").iterator():
        message = message_of(row.kind, row.params)
        if message is None:
            continue
        try:
            words = _words(message.render(row.recipient))
        except ObjectDoesNotExist:  # what it was about is gone with the person
            words = _words(render_text("notifications/email/erased.txt", {}))
        Notification.objects.filter(pk=row.pk).update(**words)
        changed += 1
    return changed


@logs.logged
def email_preferences_save(*, actor: User, muted_keys: list[str]) -> User:
    """Turn optional e-mail off or on; essential e-mail cannot be turned off."""
    unknown = set(muted_keys) - set(KEYS)
    if unknown:
        raise InvalidInput.on(
            "muted",
            _("Unknown kinds of e-mail: %(unknown)s.") % {"unknown": ", ".join(sorted(unknown))},
        )
    actor.muted_emails = sorted(set(muted_keys))
    actor.save(update_fields=["muted_emails"])
    return actor


def _release_lapsed(now: dt.datetime) -> None:
    """Give back what a dead worker held. Rows it never began sending are
    simply due again; the row it was sending may or may not have reached the
    server, so it counts as an attempt and goes again under the same
    Message-ID, because a lost invitation is worse than a repeat that mail
    and calendar clients fold into the first."""
    lapsed = Notification.objects.filter(
        state=Notification.State.SENDING, claimed_at__lt=now - lease()
    )
    lapsed.filter(send_started_at__isnull=True).update(
        state=Notification.State.PENDING, claimed_by="", claimed_at=None
    )
    lapsed.update(
        state=Case(
            When(attempts__gte=MAX_ATTEMPTS - 1, then=Value(Notification.State.FAILED)),
            default=Value(Notification.State.PENDING),
        ),
        attempts=F("attempts") + 1,
        claimed_by="",
        claimed_at=None,
        send_started_at=None,
        last_error="The worker stopped while sending; sent again under the same Message-ID.",
    )


def _claim(now: dt.datetime, worker: str, limit: int) -> list[Notification]:
    """Take due notifications for this worker. Rows another worker holds are
    skipped (PostgreSQL), or wait for its transaction (SQLite)."""
    with transaction.atomic():
        _release_lapsed(now)
        due = list(
            Notification.objects.select_for_update(skip_locked=True)
            .due(now)
            .order_by("earliest_send_at", "id")[:limit]
        )
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(
            state=Notification.State.SENDING, claimed_by=worker, claimed_at=now
        )
    return list(Notification.objects.filter(pk__in=[n.pk for n in due]).select_related("recipient"))


def _begin(items: list[Notification], worker: str, moment: dt.datetime) -> bool:
    """Mark these rows as being sent and renew the worker's claim on the rest
    of its batch; False if the claim lapsed and another worker took them."""
    held = Notification.objects.filter(state=Notification.State.SENDING, claimed_by=worker)
    begun = held.filter(pk__in=[n.pk for n in items]).update(
        send_started_at=moment, claimed_at=moment
    )
    held.filter(send_started_at__isnull=True).update(claimed_at=moment)
    return begun == len(items)


def _batches(claimed: list[Notification]) -> list[list[Notification]]:
    """One e-mail per notification, except that a person's non-urgent ones
    due together become one digest."""
    groups: dict[str, list[Notification]] = defaultdict(list)
    singles = []
    for notification in claimed:
        if notification.digest_key:
            groups[notification.digest_key].append(notification)
        else:
            singles.append([notification])
    return singles + list(groups.values())


def _email(items: list[Notification]) -> EmailMessage:
    # The digest's words and the HTML around them in the recipient's language.
    with translation.override(language_of(items[0].recipient)):
        return _email_in_language(items)


def _email_in_language(items: list[Notification]) -> EmailMessage:
    first = items[0]
    # Every row the e-mail carries, however long the digest: the header folds
    # at the spaces into lines SMTP accepts.
    keys = ", ".join(n.idempotency_key for n in items)
    if len(items) == 1:
        subject, body = first.subject, first.body
    else:
        digest = render_text("notifications/email/digest.txt", {"items": items})
        subject, body = digest.subject, digest.text
    headers = {"X-Kindred-Keys": keys, "Message-ID": message_id(items)}
    if first.request_id:
        headers["X-Kindred-Request-ID"] = first.request_id
    if all(optional_kind(n.kind) for n in items):
        headers["List-Unsubscribe"] = f"<{absolute_url('notifications:preferences')}>"
    message = EmailMultiAlternatives(subject=subject, body=body, to=[first.to], headers=headers)
    # Text and HTML from the same words: the HTML is the text, laid out.
    message.attach_alternative(
        render_to_string("notifications/email.html", {"subject": subject, "body": body}),
        "text/html",
    )
    if len(items) == 1:
        _attach_invitation(message, first.payload)
    return message


def _attach_invitation(message: EmailMultiAlternatives, payload: dict[str, object]) -> None:
    """Calendar invitations (RFC 6047): a text/calendar alternative beside the
    text and HTML, plus the same calendar as an invite.ics attachment for clients that
    only look at attachments."""
    ics, method = payload.get("ics"), payload.get("method", "REQUEST")
    if isinstance(ics, str):
        # Django adds the charset to a text part itself: naming it here
        # wrote it twice.
        message.attach_alternative(ics, f"text/calendar; method={method}")
        message.attach("invite.ics", ics, "application/ics")


def dispatch(
    *, now: dt.datetime | None = None, worker: str = "worker", limit: int = 500
) -> dict[str, int]:
    """Send what is due. Returns counts of sent, retried and failed rows."""
    started = timezone.now()
    now = now or started

    def clock() -> dt.datetime:  # the dispatch's clock (the real one outside tests), as it runs on
        return now + (timezone.now() - started)

    counts = {"sent": 0, "retry": 0, "failed": 0}
    claimed = _claim(now, worker, limit)
    if not claimed:
        return counts
    connection = get_connection(fail_silently=False)
    for items in _batches(claimed):
        if not _begin(items, worker, clock()):
            continue
        try:
            message = _email(items)
            message.connection = connection
            message.send()
        except (smtplib.SMTPException, OSError) as exc:  # the server: try again later
            for outcome in _failed(items, exc, now):
                counts[outcome] += 1
            continue
        except Exception as exc:  # this message itself: it will never send
            logger.exception("notifications %s cannot be sent", [n.pk for n in items])
            for outcome in _failed(items, exc, now, final=True):
                counts[outcome] += 1
            continue
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(
            state=Notification.State.SENT, sent_at=clock()
        )
        counts["sent"] += len(items)
        metrics.EMAILS_SENT.inc()
        logs.event(
            "email_sent",
            notifications=[n.pk for n in items],
            queued_by=sorted({n.request_id for n in items if n.request_id}),
        )
    return counts


def _failed(
    items: list[Notification], error: Exception, now: dt.datetime, *, final: bool = False
) -> list[str]:
    """Record a failed attempt: tried again later, unless it was the last
    attempt or `final` (the message itself is at fault)."""
    outcomes = []
    for notification in items:
        attempts = notification.attempts + 1
        final = final or attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            attempts=attempts,
            state=Notification.State.FAILED if final else Notification.State.PENDING,
            next_attempt_at=now + retry_delay(attempts),
            last_error=f"{type(error).__name__}: {error}"[:1000],
            claimed_by="",
            claimed_at=None,
            send_started_at=None,
        )
        outcomes.append("failed" if final else "retry")
        metrics.EMAILS_FAILED.labels(final=str(final).lower()).inc()
    return outcomes


def withdraw(*, recipient: User, key_prefix: str) -> int:
    """Withdraw notifications not yet sent whose keys start with the prefix
    (the news reached the person another way)."""
    withdrawn = Notification.objects.filter(
        recipient=recipient,
        idempotency_key__startswith=key_prefix,
        state=Notification.State.PENDING,
    ).update(state=Notification.State.WITHDRAWN, read_at=Coalesce("read_at", Now()))
    cache.invalidate([recipient.pk])
    return withdrawn


@logs.logged
def notifications_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    """Mark the actor's own notifications read (all of them when `ids` is
    None); another person's are never touched. Returns how many changed."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    marked = unread.update(read_at=timezone.now())
    cache.invalidate([actor.pk])
    return marked
