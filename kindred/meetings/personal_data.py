"""What the meetings app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from kindred.accounts.data_rights import (
    Erasure,
    Holding,
    delete,
    delete_private_blank_shared,
    erasure_step,
    keep,
    register,
)
from kindred.meetings.models import Meeting
from kindred.meetings.services import cancel_for_departure, cancel_future_of
from kindred.relationships.personal_data import LEFT

register(
    Holding("meetings.MeetingSeries", ("created_by",), keep),
    Holding(
        "meetings.Meeting",
        ("proposed_by",),
        keep,
        mentions=("cancelled_by", "absent", "late_arrival", "initiated_by"),
    ),
    Holding("meetings.Reschedule", ("by",), keep),
    Holding(
        "meetings.CalendarFeed",
        ("person",),
        delete,
        fields=("created_at", "last_read_at"),
        why="their subscription address stops with them",
    ),
    Holding("meetings.Note", ("author",), delete_private_blank_shared),
)


@erasure_step("before", order=20)
def cancel_their_meetings(erasure: Erasure) -> None:
    """Their future meetings are cancelled, and each partner's calendar gets
    a CANCEL once the erasure commits (naming the anonymised account)."""
    cancelled = cancel_future_of(person=erasure.person, reason=LEFT)
    partners = list(erasure.partners)

    def tell_partners() -> None:
        meetings = Meeting.objects.filter(pk__in=cancelled).select_related(
            "relationship__mentor", "relationship__mentee", "series"
        )
        with transaction.atomic():
            cancel_for_departure(meetings=list(meetings), stays=partners)

    erasure.after_commit.append(tell_partners)


@erasure_step("after", order=10)
def unname_in_meeting_warnings(erasure: Erasure) -> None:
    """A stored warning names the person and one of their boundaries
    ("School run for Olu (flexible)"): those that name them go."""
    person = erasure.person
    theirs = Meeting.objects.filter(
        Q(relationship__mentor=person) | Q(relationship__mentee=person)
    ).exclude(soft_warnings=[])
    for meeting in theirs.only("pk", "soft_warnings").iterator():
        kept = [w for w in meeting.soft_warnings if not erasure.unnaming.mentions(str(w))]
        if kept != meeting.soft_warnings:
            Meeting.objects.filter(pk=meeting.pk).update(soft_warnings=kept)
