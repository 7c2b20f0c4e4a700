"""Reads for messages: only the pair reads a thread; anyone else is told it
does not exist."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from kindred.accounts.models import User
from kindred.messaging.models import Message, ThreadRead
from kindred.relationships.models import Relationship

THREAD_LENGTH = 200
GAP = dt.timedelta(days=7)  # silence this long, and whoever writes next reached out first


def latest_messages(relationship: Relationship) -> list[Message]:
    """The last messages of the thread, oldest first (one query)."""
    newest = (
        Message.objects.filter(relationship=relationship)
        .select_related("sender")
        .order_by("-pk")[:THREAD_LENGTH]
    )
    return list(reversed(newest))


def _unread(relationship: Relationship, reader: User) -> QuerySet[Message]:
    """The partner's messages after the reader's mark (all of them before
    any), with the mark read in the same query."""
    read_to = ThreadRead.objects.filter(relationship=relationship, user=reader).values(
        "last_read_id"
    )[:1]
    return Message.objects.filter(
        relationship=relationship, pk__gt=Coalesce(Subquery(read_to), 0)
    ).exclude(sender=reader)


def unread_count(user: User, relationship: Relationship) -> int:
    return _unread(relationship, user).count()


def unread_stretch(relationship: Relationship, reader: User) -> tuple[int | None, int]:
    """The first unread message's id and how many are unread (one query)."""
    found = _unread(relationship, reader).aggregate(first=Min("pk"), count=Count("pk"))
    return found["first"], found["count"]


def unread_by_relationship(user: User) -> dict[int, int]:
    """Unread messages per relationship for one person, in one query."""
    read_to = ThreadRead.objects.filter(relationship=OuterRef("relationship_id"), user=user).values(
        "last_read_id"
    )[:1]
    rows = (
        Message.objects.filter(Q(relationship__mentor=user) | Q(relationship__mentee=user))
        .exclude(sender=user)
        .annotate(read_to=Coalesce(Subquery(read_to), 0))
        .filter(pk__gt=F("read_to"))
        .values("relationship_id")
        .annotate(n=Count("pk"))
        .values_list("relationship_id", "n")
    )
    return dict(rows)


def first_movers(relationship: Relationship, *, gap: dt.timedelta = GAP) -> dict[int, int]:
    """How often each person wrote first: the first message of the thread,
    and the first after every silence of at least `gap`."""
    counts = {relationship.mentor_id: 0, relationship.mentee_id: 0}
    previous: dt.datetime | None = None
    for sender_id, sent_at in (
        Message.objects.filter(relationship=relationship)
        .order_by("sent_at", "pk")
        .values_list("sender_id", "sent_at")
    ):
        if previous is None or sent_at - previous >= gap:
            counts[sender_id] = counts.get(sender_id, 0) + 1
        previous = sent_at
    return counts


def e_mail_wait(reply_within_hours: int) -> dt.timedelta:
    """An eighth of the agreed reply time, between 15 minutes and 8 hours:
    long enough for a burst to gather or be read in the app, short enough to
    leave most of the reply time."""
    wait = dt.timedelta(hours=reply_within_hours) / 8
    return max(SHORTEST_WAIT, min(LONGEST_WAIT, wait))


SHORTEST_WAIT = dt.timedelta(minutes=15)


LONGEST_WAIT = dt.timedelta(hours=8)
