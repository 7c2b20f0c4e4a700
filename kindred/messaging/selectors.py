"""Reads for messages: only the pair reads a thread; anyone else is told it
does not exist."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, OuterRef, Q, Subquery
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


def last_read_id(relationship: Relationship, user: User) -> int:
    mark = ThreadRead.objects.filter(relationship=relationship, user=user).first()
    return mark.last_read_id if mark else 0


def unread_count(user: User, relationship: Relationship) -> int:
    return (
        Message.objects.filter(relationship=relationship, pk__gt=last_read_id(relationship, user))
        .exclude(sender=user)
        .count()
    )


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
