"""The follow-through ledger: for each person in a relationship, what they
committed to and how they followed through, over the relationship's life and
the last 90 days. One query per relationship."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import QuerySet

from kindred.accounts.models import User
from kindred.commitments.models import Commitment
from kindred.lib.timezones import local_today
from kindred.meetings.models import Meeting
from kindred.relationships.models import Relationship

RECENT = dt.timedelta(days=90)


@dataclass
class Ledger:
    made: int = 0
    completed: int = 0
    on_time: int = 0  # done on or before the due date, in the owner's zone
    unprompted: int = 0  # done before any reminder was sent
    overdue_now: int = 0  # open, and the due date has passed in the owner's zone

    def add(self, commitment: Commitment, today: dt.date) -> None:
        self.made += 1
        if commitment.status == Commitment.Status.DONE and commitment.completed_at:
            self.completed += 1
            zone = zoneinfo.ZoneInfo(commitment.owner.timezone)
            self.on_time += commitment.completed_at.astimezone(zone).date() <= commitment.due_date
            self.unprompted += not commitment.prompted
        elif is_overdue(commitment, today):
            self.overdue_now += 1


def is_overdue(commitment: Commitment, owner_today: dt.date) -> bool:
    """Open after its due date, judged on the owner's own calendar."""
    return commitment.status == Commitment.Status.OPEN and owner_today > commitment.due_date


def commitments_of(relationship: Relationship) -> QuerySet[Commitment]:
    return relationship.commitments.select_related("owner", "created_by", "dropped_by", "meeting")


def commitment_list(relationship: Relationship) -> list[Commitment]:
    """The pair's commitments, read once (a page's panels share the list)."""
    return list(commitments_of(relationship))


def ledgers(
    relationship: Relationship,
    *,
    now: dt.datetime,
    commitments: list[Commitment] | None = None,
) -> dict[int, dict[str, Ledger]]:
    """{person id: {"life": Ledger, "recent": Ledger}} for both people."""
    found = {
        person.pk: {"life": Ledger(), "recent": Ledger()}
        for person in (relationship.mentor, relationship.mentee)
    }
    today = {
        person.pk: local_today(person.timezone, now)
        for person in (relationship.mentor, relationship.mentee)
    }
    for commitment in commitments if commitments is not None else commitments_of(relationship):
        person = found.get(commitment.owner_id)
        if person is None:
            continue
        person["life"].add(commitment, today[commitment.owner_id])
        if commitment.created_at >= now - RECENT:
            person["recent"].add(commitment, today[commitment.owner_id])
    return found


LINKABLE = (Meeting.Status.CONFIRMED, Meeting.Status.HELD)
MEETINGS_TO_LINK = 5


def meetings_to_link(
    relationship: Relationship, *, now: dt.datetime, meetings: list[Meeting] | None = None
) -> list[Meeting]:
    """The last few meetings that have started: where a commitment is made.
    `meetings` (all of the relationship's, by start) saves the query for a
    page that has them already."""
    if meetings is not None:
        started = [m for m in meetings if m.start <= now and m.status in LINKABLE]
        return started[::-1][:MEETINGS_TO_LINK]
    found = Meeting.objects.filter(relationship=relationship, start__lte=now, status__in=LINKABLE)
    return list(found.order_by("-start")[:MEETINGS_TO_LINK])


def commitments_due_soon(person: User, now: dt.datetime, days: int = 7) -> list[Commitment]:
    """The person's own open commitments in running relationships, due
    within `days` of their today (or overdue), soonest first."""
    today = local_today(person.timezone, now)
    return list(
        Commitment.objects.filter(
            owner=person,
            status=Commitment.Status.OPEN,
            relationship__status=Relationship.Status.ACTIVE,
            due_date__lte=today + dt.timedelta(days=days),
        )
        .select_related("relationship")
        .order_by("due_date")[:10]
    )
