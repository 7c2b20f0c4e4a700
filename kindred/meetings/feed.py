"""A person's Kindred meetings as one subscription calendar: every
confirmed (and held) meeting across their relationships from ninety days
back, each its own event built by the invitations' builder (its UID,
SEQUENCE, VTIMEZONE, title, description and join link). A series'
occurrences are listed one by one (UIDs `<series>#n`), so one whose later
occurrences are not yet confirmed shows only those that are. A cancelled
meeting is simply no longer in it, and calendars drop it.

Meetings outside pairs (a circle's, a booked office-hours conversation)
are in it too: the apps that hold them live above meetings and hand in
their events as they start (`provide_events`), each built by that app's
own invitation builder, so the feed and the e-mailed invitation agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy

from kindred.accounts.models import User
from kindred.engines.calendar import Invite, build_feed
from kindred.engines.calendar.invite import event_digest, event_lines
from kindred.meetings.invitations import PairWords, meeting_invite, pair_words
from kindred.meetings.models import CalendarFeed, Meeting

PAST = dt.timedelta(days=90)
FEED_NAME = gettext_lazy("Kindred mentoring")
KEPT_FOR = 7 * 24 * 3600

# (person, since, now) -> the person's events outside their pairs from `since`
EventReader = Callable[[User, dt.datetime, dt.datetime], list[Invite]]
_event_readers: dict[str, EventReader] = {}


def provide_events(name: str, reader: EventReader) -> None:
    """Called once by each app whose meetings belong in people's feeds."""
    _event_readers[name] = reader


def feed_for_token(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("person")
        .filter(token_hash=CalendarFeed.digest(token))
        .first()
    )


def feed_ics(person: User, *, now: dt.datetime) -> bytes:
    meetings = (
        Meeting.objects.filter(
            Q(relationship__mentor=person) | Q(relationship__mentee=person),
            status__in=(Meeting.Status.CONFIRMED, Meeting.Status.HELD),
            start__gte=now - PAST,
        )
        .select_related("relationship__mentor", "relationship__mentee", "initiated_by",
                        "proposed_by")
        .order_by("start")
    )  # fmt: skip
    words: dict[int, PairWords] = {}
    invites = []
    for meeting in meetings:
        pair = meeting.relationship
        if pair.pk not in words:
            words[pair.pk] = pair_words(pair)
        invites.append(meeting_invite(meeting, now=now, words=words[pair.pk]))
    for reader in _event_readers.values():
        invites.extend(reader(person, now - PAST, now))
    invites.sort(key=lambda invite: invite.start)
    return build_feed(invites, name=str(FEED_NAME), written=_kept_event)


def _kept_event(invite: Invite) -> bytes:
    """An event's lines, kept between renders while nothing in them changes
    (calendars re-read the feed every hour; most of it is the same). The
    key is everything the event says, so any change writes it afresh."""
    key = "feed-event:" + event_digest(invite)
    lines = cache.get(key)
    if lines is None:
        lines = event_lines(invite)
        cache.set(key, lines, KEPT_FOR)
    return bytes(lines)
