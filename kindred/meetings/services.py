"""Writes for meetings: propose, confirm, reschedule, cancel, record.

Every time is checked against both people's boundaries: a hard boundary
(quiet hours, a hard block) refuses the time, a soft one or a time outside
someone's working hours is allowed with a warning. Neither person can be
double-booked, also when two proposals arrive at once: both people's rows
are locked, in a fixed order, before the overlap check."""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
import zoneinfo
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from kindred.accounts.models import User
from kindred.development.requirements import require_first_month
from kindred.engines.calendar import Attendee, Invite, Recurrence, build_ics
from kindred.engines.calendar.invite import FREQUENCIES
from kindred.engines.scheduling import Calendar, Slot, SlotRequest, find_slots
from kindred.engines.scheduling.slots import availability, boundaries, discomfort
from kindred.lib.errors import Conflict, InvalidInput
from kindred.lib.timezones import after, is_valid_zone, wall_clock, when_in
from kindred.meetings.models import Meeting, MeetingSeries, Reschedule
from kindred.notifications.services import notify
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import require_pair
from kindred.relationships.services import agreement_in_force, calendar_in

MIN_NOTICE = dt.timedelta(hours=1)
HORIZON = dt.timedelta(days=731)  # a mentoring relationship plans a year or two ahead, no further
DURATIONS = range(15, 241)


PairCalendars = tuple[tuple[User, Calendar], ...]


def pair_calendars(relationship: Relationship, around: dt.datetime) -> PairCalendars:
    """Both people with their calendars for this relationship (the signed
    agreement's off-limits hours, else their profiles'), from `around` on."""
    return tuple(
        (person, calendar_in(relationship, person, around=around))
        for person in (relationship.mentor, relationship.mentee)
    )


def check_time(
    relationship: Relationship,
    start: dt.datetime,
    end: dt.datetime,
    calendars: PairCalendars | None = None,
) -> tuple[list[str], list[str]]:
    """(refusals, warnings) for a time, from both people's boundaries."""
    refusals, warnings = [], []
    for person, calendar in calendars or pair_calendars(relationship, start):
        hard, soft = boundaries(calendar, start - dt.timedelta(days=1), end + dt.timedelta(days=1))
        name = person.display_name
        refusals += [f"{label} for {name}" for (a, b), label in hard if a < end and b > start]
        warnings += [
            f"{label} for {name} (flexible)" for (a, b), label in soft if a < end and b > start
        ]
        if _away(calendar, start, end):
            refusals.append(f"{name} is away that day")
            continue
        inside = availability(calendar, start, end)
        if sum(((b - a) for a, b in inside), dt.timedelta(0)) < end - start:
            warnings.append(f"outside {name}'s working hours")
    return sorted(set(refusals)), sorted(set(warnings))


def _away(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether the time touches a local date the person marked as away."""
    away = {o.date for o in calendar.overrides if not o.windows}
    zone = zoneinfo.ZoneInfo(calendar.zone)
    first = start.astimezone(zone).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(zone).date()
    return any(first + dt.timedelta(days=n) in away for n in range((last - first).days + 1))


def _fresh(relationship: Relationship) -> Relationship:
    """The relationship with both people's current profiles: boundaries
    checked against what is stored now, not what a caller loaded earlier."""
    return Relationship.objects.select_related(
        "mentor__profile", "mentee__profile", "programme"
    ).get(pk=relationship.pk)


def check_in_pair(user: User, relationship: Relationship) -> None:
    require_pair(user, relationship, "arrange its meetings")


def _validate(
    relationship: Relationship, start: dt.datetime, minutes: int, now: dt.datetime
) -> dt.datetime:
    if relationship.status != Relationship.Status.ACTIVE:
        raise Conflict("Meetings are arranged only while the relationship is active.")
    if minutes not in DURATIONS:
        raise InvalidInput("A meeting lasts 15 minutes to 4 hours.", errors=[{"field": "duration"}])
    if start.tzinfo is None:
        raise InvalidInput("The time needs a time zone.", errors=[{"field": "start"}])
    if start < now + MIN_NOTICE:
        raise InvalidInput("Propose a time at least an hour from now.", errors=[{"field": "start"}])
    if start > now + HORIZON:
        raise InvalidInput("Propose a time within the next two years.", errors=[{"field": "start"}])
    end = after(start, minutes)
    refusals, _ = check_time(relationship, start, end)
    if refusals:
        raise InvalidInput(
            "That time falls in " + "; ".join(refusals) + ". Choose another time.",
            errors=[{"field": "start", "message": r} for r in refusals],
        )
    return end


def _lock_pair(relationship: Relationship) -> list[int]:
    """Lock both people's rows, always in the same order, so concurrent
    bookings for either of them queue instead of racing."""
    people = sorted([relationship.mentor_id, relationship.mentee_id])
    list(User.objects.select_for_update().filter(pk__in=people).order_by("pk"))
    return people


def _lock_and_check_free(
    relationship: Relationship, start: dt.datetime, end: dt.datetime, ignore: int | None
) -> None:
    if _clashes(_lock_pair(relationship), start, end, ignore=ignore):
        raise Conflict("One of you already has a meeting at that time.")


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
    relationship = _fresh(relationship)
    now = now or timezone.now()
    require_first_month(actor, relationship, now=now, doing="propose meetings")
    if not is_valid_zone(zone):
        raise InvalidInput("Unknown time zone.", errors=[{"field": "zone"}])
    end = _validate(relationship, start, minutes, now)
    _lock_and_check_free(relationship, start, end, None)
    _, warnings = check_time(relationship, start, end)
    meeting = Meeting.objects.create(
        relationship=relationship,
        start=start.astimezone(dt.UTC),
        end=end.astimezone(dt.UTC),
        zone=zone,
        proposed_by=actor,
        initiated_by=actor,
        proposed_at=now,
        soft_warnings=warnings,
    )
    _send_invitations(meeting, "REQUEST", now)
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update()
        .select_related("relationship__mentor", "relationship__mentee", "relationship__programme")
        .get(pk=meeting.pk)
    )


@transaction.atomic
def meeting_confirm(*, actor: User, meeting: Meeting) -> Meeting:
    meeting = _locked(meeting)
    check_in_pair(actor, meeting.relationship)
    if meeting.status != Meeting.Status.PROPOSED:
        raise Conflict("Only a proposed meeting can be confirmed.")
    if meeting.proposed_by_id == actor.pk:
        raise Conflict("Your partner confirms the time you proposed.")
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
    return meeting


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
        raise Conflict("Only an upcoming meeting can be moved.")
    end = _validate(meeting.relationship, start, minutes, now)
    _lock_and_check_free(meeting.relationship, start, end, meeting.pk)
    _, meeting.soft_warnings = check_time(meeting.relationship, start, end)
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
    _send_invitations(meeting, "REQUEST", now)
    if leaves_series:
        _update_series(meeting.series, now)  # the old occurrence drops out of the rule
    return meeting


@transaction.atomic
def meeting_cancel(
    *, actor: User, meeting: Meeting, reason: str = "", now: dt.datetime | None = None
) -> Meeting:
    meeting = _locked(meeting)
    check_in_pair(actor, meeting.relationship)
    now = now or timezone.now()
    if meeting.status not in Meeting.OPEN:
        raise Conflict("This meeting is no longer upcoming.")
    meeting.status, meeting.cancelled_by, meeting.cancelled_at = (
        Meeting.Status.CANCELLED,
        actor,
        now,
    )
    meeting.cancel_reason = reason.strip()[:500]
    meeting.late_cancellation = meeting.start - now < dt.timedelta(
        hours=Meeting.LATE_CANCELLATION_HOURS
    )
    in_rule = _occurrence_of_rule(meeting)
    meeting.sequence += 1
    meeting.save()
    if in_rule and meeting.series is not None:
        _cancel_occurrence(meeting, meeting.series, now)
    else:
        _send_invitations(meeting, "CANCEL", now, urgent=meeting.late_cancellation)
    return meeting


def _cancel_occurrence(
    meeting: Meeting, series: MeetingSeries, now: dt.datetime, *, to: Sequence[User] | None = None
) -> None:
    """Cancel one occurrence of a series the way calendars expect: a CANCEL
    for the series' UID with that occurrence's RECURRENCE-ID."""
    _bump(series)
    original = _original_starts(series)[_occurrence_index(meeting)]
    ics = invitation(meeting, method="CANCEL", now=now).decode()
    for person in to or (series.relationship.mentor, series.relationship.mentee):
        when = when_in(original, person.timezone)
        notify(
            recipient=person,
            kind="meeting_cancel",
            subject=f"Cancelled: mentoring session, {when}",
            body=f"The session on {when} is cancelled; the rest of the series stands.",
            key=f"series:{series.uid}:{series.sequence}:CANCEL:{meeting.pk}:{person.pk}",
            urgent=meeting.late_cancellation,
            digest=False,
            payload={"ics": ics, "method": "CANCEL"},
            now=now,
            calendar=calendar_in(series.relationship, person, around=now),
        )


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
        if _occurrence_of_rule(meeting) and meeting.series is not None:
            _cancel_occurrence(meeting, meeting.series, now, to=to)
        else:
            _send_invitations(meeting, "CANCEL", now, to=to)


def check_pair_member(person: User, relationship: Relationship) -> bool:
    return person.pk in (relationship.mentor_id, relationship.mentee_id)


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
        raise Conflict("A meeting can be recorded once it has started.")
    if meeting.status not in Meeting.OPEN:
        raise Conflict("This meeting was already recorded or cancelled.")
    pair = {meeting.relationship.mentor_id, meeting.relationship.mentee_id}
    for person in (absent, late):
        if person is not None and person.pk not in pair:
            raise InvalidInput("Only one of the two of you can be late or absent.")
    meeting.status = Meeting.Status.HELD if held else Meeting.Status.MISSED
    meeting.absent, meeting.late_arrival = (None if held else absent), late
    meeting.save()
    return meeting


def suggestions(
    relationship: Relationship, *, now: dt.datetime, limit: int = 6, reload: bool = True
) -> list[Slot]:
    """Times that fit both people, ranked; the signed agreement sets the length.
    `reload=False` is for a caller that read the relationship with both
    people's profiles in this same request."""
    if reload:
        relationship = _fresh(relationship)
    agreement = agreement_in_force(relationship)
    minutes = agreement.session_minutes if agreement else 45
    busy = _busy(relationship, now)
    usual, awkward = _habits(relationship)
    ranked = find_slots(
        calendar_in(
            relationship, relationship.mentor, busy=busy[relationship.mentor_id], around=now
        ),
        calendar_in(
            relationship, relationship.mentee, busy=busy[relationship.mentee_id], around=now
        ),
        SlotRequest(
            now=now,
            duration_minutes=minutes,
            horizon=dt.timedelta(weeks=3),
            limit=500,
            usual=usual,
            last_inconvenienced=awkward,
        ),
    )
    return best_per_day(ranked, relationship.mentee.timezone, limit)


def _busy(
    relationship: Relationship, now: dt.datetime
) -> dict[int, tuple[tuple[dt.datetime, dt.datetime], ...]]:
    """Each of the pair's open meetings to come, in any of their relationships
    (a mentor meets other mentees too), read in one query."""
    pair = {relationship.mentor_id, relationship.mentee_id}
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {pk: [] for pk in pair}
    for start, end, *people in Meeting.objects.filter(
        Q(relationship__mentor__in=pair) | Q(relationship__mentee__in=pair),
        status__in=Meeting.OPEN,
        start__gt=now,
    ).values_list("start", "end", "relationship__mentor_id", "relationship__mentee_id"):
        for person in pair.intersection(people):
            busy[person].append((start, end))
    return {person: tuple(times) for person, times in busy.items()}


def _habits(relationship: Relationship) -> tuple[tuple[int, str] | None, int | None]:
    """The pair's usual time (weekday and clock in the mentor's zone, from
    their last kept meeting) and who had the less convenient hour then
    (0 = mentor, 1 = mentee), so suggestions keep the habit and rotate."""
    last = (
        Meeting.objects.filter(
            relationship=relationship, status__in=(Meeting.Status.CONFIRMED, Meeting.Status.HELD)
        )
        .order_by("-start")
        .first()
    )
    if last is None:
        return None, None
    mentor_local = last.start.astimezone(zoneinfo.ZoneInfo(relationship.mentor.timezone))
    mentee_local = last.start.astimezone(zoneinfo.ZoneInfo(relationship.mentee.timezone))
    usual = (mentor_local.weekday(), mentor_local.strftime("%H:%M"))
    minutes = int((last.end - last.start).total_seconds() // 60)
    mentor_cost, mentee_cost = discomfort(mentor_local, minutes), discomfort(mentee_local, minutes)
    if mentor_cost == mentee_cost:
        return usual, None
    return usual, 0 if mentor_cost > mentee_cost else 1


def best_per_day(ranked: list[Slot], zone: str, limit: int) -> list[Slot]:
    """The best slot of each day (in the mentee's calendar), so the choice
    spans the week instead of six quarter-hours of one morning."""
    tz, seen, chosen = zoneinfo.ZoneInfo(zone), set(), []
    for slot in ranked:
        day = slot.start.astimezone(tz).date()
        if day not in seen:
            seen.add(day)
            chosen.append(slot)
        if len(chosen) == limit:
            break
    return sorted(chosen, key=lambda s: s.start)


def invitation(meeting: Meeting, *, method: str, now: dt.datetime) -> bytes:
    """The meeting's calendar file, the one builder behind every path (the
    e-mail, the download): its series' rule while the rule carries it; a
    cancelled occurrence of the rule as the series' UID with its
    RECURRENCE-ID; otherwise its own event. The organiser is the person who
    first proposed it (the series' creator), whoever moved it since: under
    RFC 5546 updates come from the organiser."""
    series = meeting.series
    if series is not None and method == "REQUEST" and in_series_rule(meeting):
        return series_invitation(series, method=method, now=now)
    if series is not None and method == "CANCEL" and _occurrence_of_rule(meeting):
        original = _original_starts(series)[_occurrence_index(meeting)]
        return _build(
            series.relationship,
            uid=series.uid,
            sequence=series.sequence,
            start=original,
            minutes=series.minutes,
            organizer=series.created_by,
            now=now,
            method="CANCEL",
            recurrence_id=original,
        )
    return _build(
        meeting.relationship,
        uid=meeting.uid,
        sequence=meeting.sequence,
        start=meeting.start.astimezone(zoneinfo.ZoneInfo(meeting.zone)),
        minutes=int((meeting.end - meeting.start).total_seconds() // 60),
        organizer=meeting.initiated_by or meeting.proposed_by,
        now=now,
        method=method,
    )


def _build(
    relationship: Relationship,
    *,
    uid: str,
    sequence: int,
    start: dt.datetime,
    minutes: int,
    organizer: User | None,
    now: dt.datetime,
    method: str,
    recurrence: Recurrence | None = None,
    excluded: tuple[dt.datetime, ...] = (),
    recurrence_id: dt.datetime | None = None,
) -> bytes:
    agreement = agreement_in_force(relationship)
    base = settings.KINDRED_BASE_URL + reverse("pages:relationship", args=[relationship.pk])
    organizer = organizer or relationship.mentor
    return build_ics(
        Invite(
            uid=uid,
            sequence=sequence,
            summary=(
                f"Mentoring: {relationship.mentor.display_name} and "
                f"{relationship.mentee.display_name}"
            ),
            start=start,
            duration=dt.timedelta(minutes=minutes),
            organizer=Attendee(organizer.email, organizer.display_name),
            attendees=tuple(
                Attendee(p.email, p.display_name)
                for p in (relationship.mentor, relationship.mentee)
            ),
            stamp=now.astimezone(dt.UTC),
            description=f"{relationship.programme.name} mentoring session.",
            video_link=agreement.video_link if agreement else "",
            links={"reschedule or cancel": base},
            recurrence=recurrence,
            excluded=excluded,
            recurrence_id=recurrence_id,
        ),
        method=method,
    )


def _send_invitations(
    meeting: Meeting,
    method: str,
    now: dt.datetime,
    *,
    urgent: bool = False,
    to: Sequence[User] | None = None,
) -> None:
    ics = invitation(meeting, method=method, now=now).decode()
    relationship = meeting.relationship
    for person in to or (relationship.mentor, relationship.mentee):
        when = when_in(meeting.start, person.timezone)
        verb = "Cancelled" if method == "CANCEL" else "Invitation"
        notify(
            recipient=person,
            kind=f"meeting_{method.lower()}",
            subject=f"{verb}: mentoring session, {when}",
            body=f"{verb}: your mentoring session on {when}.\n\nSee or change it: "
            + settings.KINDRED_BASE_URL
            + reverse("pages:relationship", args=[relationship.pk]),
            key=f"meeting:{meeting.uid}:{meeting.sequence}:{method}:{person.pk}",
            urgent=urgent,
            digest=False,
            payload={"ics": ics, "method": method},
            now=now,
            calendar=calendar_in(relationship, person, around=now),
        )


# --- nudges -----------------------------------------------------------------------

CADENCE_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 30}
GRACE = dt.timedelta(days=3)
UNCONFIRMED_AFTER = dt.timedelta(hours=48)


def send_nudges(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Queue the two nudges, each at most once per gap (the outbox keys
    make a second sweep a no-op): a pair whose cadence lapsed with nothing
    held or booked, and a proposed time left unconfirmed for 48 hours."""
    now = now or timezone.now()
    counts = {"cadence": 0, "unconfirmed": 0}
    for relationship in Relationship.objects.filter(
        status=Relationship.Status.ACTIVE
    ).select_related("mentor", "mentee", "programme"):
        counts["cadence"] += _cadence_nudge(relationship, now)
    waiting = Meeting.objects.filter(
        status=Meeting.Status.PROPOSED, proposed_at__lte=now - UNCONFIRMED_AFTER, start__gt=now
    ).select_related("relationship__mentor", "relationship__mentee", "proposed_by")
    for meeting in waiting:
        counts["unconfirmed"] += _unconfirmed_nudge(meeting, now)
    return counts


def _cadence_nudge(relationship: Relationship, now: dt.datetime) -> int:
    agreement = agreement_in_force(relationship)
    cadence = agreement.cadence if agreement else relationship.programme.default_cadence
    meetings = Meeting.objects.filter(relationship=relationship)
    if meetings.filter(status__in=Meeting.OPEN, start__gt=now).exists():
        return 0  # something is booked
    last_held = meetings.filter(status=Meeting.Status.HELD).order_by("-start").first()
    since = last_held.start if last_held else relationship.started_at
    if now - since < dt.timedelta(days=CADENCE_DAYS.get(cadence, 14)) + GRACE:
        return 0
    link = settings.KINDRED_BASE_URL + reverse("pages:relationship", args=[relationship.pk])
    for person in (relationship.mentor, relationship.mentee):
        notify(
            recipient=person,
            kind="nudge_cadence",
            subject="Time to book your next mentoring session",
            body=(
                f"You agreed to meet {cadence}, and there has been no session since "
                f"{since.astimezone(zoneinfo.ZoneInfo(person.timezone)):%d %B}. "
                f"Kindred has times that suit you both: {link}"
            ),
            key=f"nudge:cadence:{relationship.pk}:{since.isoformat()}:{person.pk}",
            now=now,
            calendar=calendar_in(relationship, person, around=now),
        )
    return 1


def _unconfirmed_nudge(meeting: Meeting, now: dt.datetime) -> int:
    relationship = meeting.relationship
    partner = (
        relationship.mentee
        if meeting.proposed_by_id == relationship.mentor_id
        else relationship.mentor
    )
    notify(
        recipient=partner,
        kind="nudge_unconfirmed",
        subject="A proposed mentoring session is waiting for you",
        body=(
            f"{meeting.proposed_by.display_name if meeting.proposed_by else 'Your partner'} "
            "proposed "
            f"{when_in(meeting.start, partner.timezone)}. Confirm it or suggest another time: "
            + settings.KINDRED_BASE_URL
            + reverse("pages:relationship", args=[relationship.pk])
        ),
        key=f"nudge:unconfirmed:{meeting.uid}:{meeting.sequence}",
        now=now,
        calendar=calendar_in(relationship, partner, around=now),
    )
    return 1


# --- recurring series ---------------------------------------------------------------

SERIES_STEP_DAYS = {"weekly": 7, "fortnightly": 14}


def series_starts(first: dt.datetime, cadence: str, count: int) -> list[dt.datetime]:
    """Each occurrence at the same local wall time, in the first start's zone
    (09:00 stays 09:00 across a daylight-saving change). A wall time the
    change skips moves on by the gap, as calendar clients expand the rule."""
    tz = first.tzinfo
    if not isinstance(tz, zoneinfo.ZoneInfo):
        raise ValueError("A series starts at a time in an IANA zone.")
    local = first.replace(tzinfo=None)
    starts = []
    for n in range(count):
        if cadence in SERIES_STEP_DAYS:
            wall = local + dt.timedelta(days=SERIES_STEP_DAYS[cadence] * n)
        else:  # monthly: the same day of the month, or its last day
            month = local.month - 1 + n
            year, month = local.year + month // 12, month % 12 + 1
            day = min(local.day, calendar_module.monthrange(year, month)[1])
            wall = local.replace(year=year, month=month, day=day)
        starts.append(wall_clock(wall, tz))
    return starts


@transaction.atomic
def series_create(
    *,
    actor: User,
    relationship: Relationship,
    first_start: dt.datetime,
    minutes: int,
    count: int,
    zone: str,
    now: dt.datetime | None = None,
) -> MeetingSeries:
    """Book a series on the agreed cadence. Occurrences that clash are kept,
    flagged for a new time, and left out of the calendar rule."""
    check_in_pair(actor, relationship)
    relationship = _fresh(relationship)
    now = now or timezone.now()
    require_first_month(actor, relationship, now=now, doing="book a series of meetings")
    if not is_valid_zone(zone) or not 2 <= count <= 26:
        raise InvalidInput("A series has 2 to 26 meetings, in a known time zone.")
    agreement = agreement_in_force(relationship)
    cadence = agreement.cadence if agreement else relationship.programme.default_cadence
    _validate(relationship, first_start, minutes, now)  # the first must fit
    people = _lock_pair(relationship)
    calendars = pair_calendars(relationship, first_start)
    local_first = first_start.astimezone(zoneinfo.ZoneInfo(zone))
    series = MeetingSeries.objects.create(
        relationship=relationship,
        cadence=cadence,
        count=count,
        zone=zone,
        first_start=first_start.astimezone(dt.UTC),
        minutes=minutes,
        created_by=actor,
    )
    for n, start in enumerate(series_starts(local_first, cadence, count)):
        end = after(start, minutes)
        refusals, warnings = check_time(relationship, start, end, calendars)
        if start.time() != local_first.time():  # the clocks skip the series' time that day
            warnings.append(
                f"{local_first:%H:%M} does not exist on {start:%d %B} in {zone} (the clocks go "
                f"forward): this session is at {start:%H:%M}, as calendars show it"
            )
        clash = _clashes(people, start, end)
        reason = "; ".join(refusals + (["another meeting at that time"] if clash else []))
        Meeting.objects.create(
            relationship=relationship,
            series=series,
            uid=f"{series.uid}#{n}",
            start=start.astimezone(dt.UTC),
            end=end.astimezone(dt.UTC),
            zone=zone,
            proposed_by=actor,
            initiated_by=actor,
            proposed_at=now,
            soft_warnings=warnings,
            needs_new_time=reason,
        )
    _send_series_invitations(series, "REQUEST", now)
    return series


def _clashes(
    people: list[int], start: dt.datetime, end: dt.datetime, *, ignore: int | None = None
) -> bool:
    """Whether either person has another open meeting overlapping this time."""
    clash = Meeting.objects.filter(status__in=Meeting.OPEN, start__lt=end, end__gt=start).filter(
        Q(relationship__mentor_id__in=people) | Q(relationship__mentee_id__in=people)
    )
    return clash.exclude(pk=ignore).exists() if ignore is not None else clash.exists()


def _occurrence_of_rule(meeting: Meeting) -> bool:
    """Whether the series' rule carries this occurrence, whatever its status
    (a cancelled one is cancelled through the series' UID)."""
    return (
        meeting.series_id is not None
        and not meeting.needs_new_time
        and (meeting.reschedule_count == 0)
    )


def in_series_rule(meeting: Meeting) -> bool:
    """Whether this occurrence is still carried by its series' calendar rule."""
    return _occurrence_of_rule(meeting) and meeting.status != Meeting.Status.CANCELLED


def series_invitation(series: MeetingSeries, *, method: str, now: dt.datetime) -> bytes:
    originals = _original_starts(series)
    excluded = tuple(
        originals[_occurrence_index(m)] for m in series.occurrences.all() if not in_series_rule(m)
    )
    return _build(
        series.relationship,
        uid=series.uid,
        sequence=series.sequence,
        start=originals[0],
        minutes=series.minutes,
        organizer=series.created_by,
        now=now,
        method=method,
        recurrence=Recurrence(series.cadence, series.count)
        if series.cadence in FREQUENCIES
        else None,
        excluded=excluded,
    )


def _send_series_invitations(series: MeetingSeries, method: str, now: dt.datetime) -> None:
    ics = series_invitation(series, method=method, now=now).decode()
    relationship = series.relationship
    flagged = series.occurrences.exclude(needs_new_time="").count()
    for person in (relationship.mentor, relationship.mentee):
        first = when_in(series.first_start, person.timezone)
        note = f" {flagged} of them need another time." if flagged else ""
        notify(
            recipient=person,
            kind=f"series_{method.lower()}",
            subject=f"Invitation: {series.count} mentoring sessions from {first}",
            body=f"{series.count} sessions, {series.cadence}, from {first}.{note}\n\n"
            + settings.KINDRED_BASE_URL
            + reverse("pages:relationship", args=[relationship.pk]),
            key=f"series:{series.uid}:{series.sequence}:{method}:{person.pk}",
            digest=False,
            payload={"ics": ics, "method": method},
            now=now,
            calendar=calendar_in(relationship, person, around=now),
        )


def _original_starts(series: MeetingSeries) -> list[dt.datetime]:
    """Where each occurrence was first placed, in the series' zone."""
    first = series.first_start.astimezone(zoneinfo.ZoneInfo(series.zone))
    return series_starts(first, series.cadence, series.count)


def _occurrence_index(meeting: Meeting) -> int:
    return int(meeting.uid.rsplit("#", 1)[1])  # occurrence uids are "<series uid>#<n>"


def _bump(series: MeetingSeries) -> None:
    """Raise the series' SEQUENCE (atomically) before re-sending it."""
    MeetingSeries.objects.filter(pk=series.pk).update(sequence=F("sequence") + 1)
    series.refresh_from_db()


def _update_series(series: MeetingSeries | None, now: dt.datetime) -> None:
    """Re-send the series with one more excluded occurrence (EXDATE) and a
    higher SEQUENCE, which calendars apply as an update."""
    if series is None:
        return
    _bump(series)
    _send_series_invitations(series, "REQUEST", now)
