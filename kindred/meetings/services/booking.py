"""Writes for one meeting: propose, confirm, reschedule, cancel, record,
and cancel a leaver's future meetings. Each checks the acting person is in
the pair and the time against both people's boundaries (`rules`): a hard
boundary refuses the time, a soft one or a time outside someone's working
hours is allowed with a warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.calendars.services import write_calendars_later
from kindred.development.requirements import require_first_month
from kindred.lib import logs
from kindred.lib.errors import Conflict, InvalidInput
from kindred.lib.phrases import kept
from kindred.lib.timezones import is_valid_zone
from kindred.meetings.invitations import cancel_occurrence, send_invitations, update_series
from kindred.meetings.models import Meeting, Reschedule
from kindred.meetings.recurrence import in_series_rule, occurrence_of_rule
from kindred.meetings.rules import (
    check_in_pair,
    check_pair_member,
    lock_and_check_free,
    validate_time,
)
from kindred.meetings.times import check_time, fresh
from kindred.relationships.models import Relationship


@logs.logged
@transaction.atomic
def meeting_propose(
    *,
    actor: User,
    relationship: Relationship,
    start: dt.datetime,
    minutes: int,
    zone: str,
    now: dt.datetime | None = None,
) -> Meeting:
    check_in_pair(actor, relationship)
    relationship = fresh(relationship)
    now = now or timezone.now()
    require_first_month(actor, relationship, now=now, doing=gettext_noop("propose meetings"))
    if not is_valid_zone(zone):
        raise InvalidInput(_("Unknown time zone."), errors=[{"field": "zone"}])
    end = validate_time(relationship, start, minutes, now)
    lock_and_check_free(relationship, start, end, None)
    warnings = [kept(w) for w in check_time(relationship, start, end)[1]]
    meeting = new_meeting(actor, relationship, start, end, zone, now, soft_warnings=warnings)
    send_invitations(meeting, "REQUEST", now)
    return meeting


def new_meeting(
    actor: User,
    relationship: Relationship,
    start: dt.datetime,
    end: dt.datetime,
    zone: str,
    now: dt.datetime,
    **fields: object,
) -> Meeting:
    """The row of a meeting the actor proposes (alone, or in a series)."""
    return Meeting.objects.create(
        relationship=relationship,
        start=start.astimezone(dt.UTC),
        end=end.astimezone(dt.UTC),
        zone=zone,
        proposed_by=actor,
        initiated_by=actor,
        proposed_at=now,
        **fields,
    )


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update()
        .select_related("relationship__mentor", "relationship__mentee", "relationship__programme")
        .get(pk=meeting.pk)
    )


@logs.logged
@transaction.atomic
def meeting_confirm(*, actor: User, meeting: Meeting) -> Meeting:
    meeting = _locked(meeting)
    check_in_pair(actor, meeting.relationship)
    if meeting.status != Meeting.Status.PROPOSED:
        raise Conflict(_("Only a proposed meeting can be confirmed."))
    if meeting.proposed_by_id == actor.pk:
        raise Conflict(_("Your partner confirms the time you proposed."))
    meeting.status, meeting.confirmed_at = Meeting.Status.CONFIRMED, timezone.now()
    meeting.save()
    if meeting.series_id is not None and in_series_rule(meeting):
        # Confirming a series confirms every occurrence its rule carries.
        Meeting.objects.filter(
            series_id=meeting.series_id,
            status=Meeting.Status.PROPOSED,
            needs_new_time="",
            reschedule_count=0,
        ).update(status=Meeting.Status.CONFIRMED, confirmed_at=meeting.confirmed_at)
    # No invitation goes out (the time was sent when proposed), but a
    # calendar Kindred writes into shows it confirmed now, not tentative.
    write_calendars_later([meeting.relationship.mentor_id, meeting.relationship.mentee_id])
    return meeting


@logs.logged
@transaction.atomic
def meeting_reschedule(
    *,
    actor: User,
    meeting: Meeting,
    start: dt.datetime,
    minutes: int,
    now: dt.datetime | None = None,
) -> Meeting:
    meeting = _locked(meeting)
    check_in_pair(actor, meeting.relationship)
    now = now or timezone.now()
    if meeting.status not in Meeting.OPEN:
        raise Conflict(_("Only an upcoming meeting can be moved."))
    end = validate_time(meeting.relationship, start, minutes, now)
    lock_and_check_free(meeting.relationship, start, end, meeting.pk)
    meeting.soft_warnings = [kept(w) for w in check_time(meeting.relationship, start, end)[1]]
    Reschedule.objects.create(
        meeting=meeting, by=actor, at=now, from_start=meeting.start, to_start=start
    )
    meeting.start, meeting.end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    meeting.status, meeting.proposed_by, meeting.confirmed_at = Meeting.Status.PROPOSED, actor, None
    meeting.proposed_at = now
    leaves_series = meeting.series is not None and in_series_rule(meeting)
    meeting.sequence += 1
    meeting.reschedule_count += 1
    meeting.needs_new_time = ""
    meeting.save()
    send_invitations(meeting, "REQUEST", now)
    if leaves_series:
        update_series(meeting.series, now)  # the old occurrence drops out of the rule
    return meeting


@logs.logged
@transaction.atomic
def meeting_cancel(
    *, actor: User, meeting: Meeting, reason: str = "", now: dt.datetime | None = None
) -> Meeting:
    meeting = _locked(meeting)
    check_in_pair(actor, meeting.relationship)
    now = now or timezone.now()
    if meeting.status not in Meeting.OPEN:
        raise Conflict(_("This meeting is no longer upcoming."))
    meeting.status, meeting.cancelled_by, meeting.cancelled_at = (
        Meeting.Status.CANCELLED,
        actor,
        now,
    )
    meeting.cancel_reason = reason.strip()[:500]
    meeting.late_cancellation = meeting.late_if_cancelled_at(now)
    in_rule = occurrence_of_rule(meeting)
    meeting.sequence += 1
    meeting.save()
    if in_rule and meeting.series is not None:
        cancel_occurrence(meeting, meeting.series, now)
    else:
        send_invitations(meeting, "CANCEL", now, urgent=meeting.late_cancellation)
    return meeting


@logs.logged
@transaction.atomic
def meeting_record(
    *,
    actor: User,
    meeting: Meeting,
    held: bool,
    absent: User | None = None,
    late: User | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    meeting = _locked(meeting)
    check_in_pair(actor, meeting.relationship)
    if meeting.start > (now or timezone.now()):
        raise Conflict(_("A meeting can be recorded once it has started."))
    if meeting.status not in Meeting.OPEN:
        raise Conflict(_("This meeting was already recorded or cancelled."))
    pair = {meeting.relationship.mentor_id, meeting.relationship.mentee_id}
    for person in (absent, late):
        if person is not None and person.pk not in pair:
            raise InvalidInput(_("Only one of the two of you can be late or absent."))
    meeting.status = Meeting.Status.HELD if held else Meeting.Status.MISSED
    meeting.absent, meeting.late_arrival = (None if held else absent), late
    meeting.save()
    return meeting


def cancel_future_of(*, person: User, reason: str) -> list[int]:
    """Every future meeting of the person's relationships is cancelled (they
    are leaving); returns the meetings, whose CANCELs `cancel_for_departure`
    sends once that commits."""
    future = Meeting.objects.filter(
        Q(relationship__mentor=person) | Q(relationship__mentee=person),
        status__in=Meeting.OPEN,
        start__gt=timezone.now(),
    )
    cancelled = list(future.values_list("pk", flat=True))
    future.update(
        status=Meeting.Status.CANCELLED,
        cancelled_at=timezone.now(),
        cancel_reason=reason,
        sequence=F("sequence") + 1,
    )
    return cancelled


def cancel_for_departure(*, meetings: Sequence[Meeting], stays: Sequence[User]) -> None:
    """The partner of someone who left keeps no ghost events: each future
    meeting (already marked cancelled) goes to their calendar as a CANCEL,
    an occurrence of a series by its RECURRENCE-ID."""
    now = timezone.now()
    for meeting in meetings:
        meeting.refresh_from_db()
        to = [person for person in stays if check_pair_member(person, meeting.relationship)]
        if occurrence_of_rule(meeting) and meeting.series is not None:
            cancel_occurrence(meeting, meeting.series, now, to=to)
        else:
            send_invitations(meeting, "CANCEL", now, to=to)
