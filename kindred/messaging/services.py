"""Writes for messages. A new message e-mails the partner only if they have
not read it in the app after a while, one e-mail per unread stretch, never
in their quiet hours; how long "a while" is follows the reply time the pair
agreed (people who promised to answer within two days need no instant mail)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib import logs, ratelimit
from kindred.lib.errors import Conflict, InvalidInput
from kindred.messaging.messages import NewMessages
from kindred.messaging.models import Message, ThreadRead
from kindred.messaging.selectors import e_mail_wait, unread_stretch
from kindred.notifications.services import notify, refresh, withdraw
from kindred.relationships.models import Relationship
from kindred.relationships.policies import require_pair_member
from kindred.relationships.selectors import agreement_in_force, calendar_in, in_pair, partner_of

MAX_BODY = 4000
DEFAULT_REPLY_HOURS = 48


@logs.logged
@transaction.atomic
def message_send(
    *, actor: User, relationship: Relationship, body: str, now: dt.datetime | None = None
) -> Message:
    require_pair_member(actor, relationship, _("write in its thread"))
    ratelimit.hit(ratelimit.MESSAGE_SEND, actor.pk)
    if relationship.status not in (Relationship.Status.ACTIVE, Relationship.Status.PAUSED):
        raise Conflict(_("This relationship has ended; its thread is read-only."))
    body = body.replace("\x00", "").strip()
    if not 1 <= len(body) <= MAX_BODY:
        raise InvalidInput.on(
            "body",
            _("Write a message of up to %(body)s characters.")
            % {"body": number_format(MAX_BODY, force_grouping=True)},
        )
    now = now or timezone.now()
    message = Message.objects.create(
        relationship=relationship, sender=actor, body=body, sent_at=now
    )
    # Writing in the thread means you have read it, up to what you wrote.
    _read_through(actor, relationship, message.pk)
    _tell_partner(message, now)
    return message


def _key_prefix(relationship: Relationship, recipient: User) -> str:
    return f"messages:{relationship.pk}:{recipient.pk}:"


def _tell_partner(message: Message, now: dt.datetime) -> None:
    relationship = message.relationship
    recipient = partner_of(message.sender, relationship)
    first_unread, count = unread_stretch(relationship, recipient)
    news = NewMessages(relationship=relationship.pk, sender=message.sender_id, count=count)
    key = f"{_key_prefix(relationship, recipient)}{first_unread}"
    # One e-mail per unread stretch: a later message updates the waiting one.
    refresh(key=key, message=news, recipient=recipient)
    agreement = agreement_in_force(relationship)
    notify(
        recipient=recipient,
        message=news,
        key=key,
        now=now,
        delay=e_mail_wait(agreement.reply_within_hours if agreement else DEFAULT_REPLY_HOURS),
        calendar=calendar_in(relationship, recipient, around=now),
    )


def _mark_read(user: User, relationship: Relationship, up_to: int) -> None:
    mark, _ = ThreadRead.objects.select_for_update().get_or_create(
        relationship=relationship, user=user
    )
    if up_to > mark.last_read_id:
        mark.last_read_id = up_to
        mark.save(update_fields=["last_read_id"])


def _read_through(user: User, relationship: Relationship, up_to: int) -> None:
    """The person has read the thread up to `up_to`: their mark moves there
    and an e-mail still waiting to tell them about it is withdrawn."""
    _mark_read(user, relationship, up_to)
    withdraw(recipient=user, key_prefix=_key_prefix(relationship, user))


@logs.logged
@transaction.atomic
def thread_mark_read(*, actor: User, relationship: Relationship) -> None:
    """Everything in the thread is read; an e-mail still waiting about it is
    withdrawn."""
    if not in_pair(actor, relationship):
        return  # a manager looking at the figures reads nothing
    latest = Message.objects.filter(relationship=relationship).aggregate(top=Max("pk"))["top"]
    if latest:
        _read_through(actor, relationship, latest)
