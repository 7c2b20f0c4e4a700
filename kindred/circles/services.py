"""Writes for circles: forming them, their agreement, group meetings and
conversation. Each takes the acting person and checks them first."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.circles import times
from kindred.circles.invitations import attendance_rows, send_invitations
from kindred.circles.messages import CircleFormed, CircleMessages
from kindred.circles.models import (
    Attendance,
    Circle,
    CircleAgreement,
    CircleCheckIn,
    CircleCommitment,
    CircleMeeting,
    CircleMember,
    CircleMessage,
    CircleNote,
    CircleSignature,
)
from kindred.circles.selectors import (
    NAME,
    agreement_current,
    agreement_in_force,
    engagements,
    people_of,
    place_of,
    places_of,
)
from kindred.lib import cache, logs
from kindred.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from kindred.lib.text import require_single_line
from kindred.lib.timezones import local_today
from kindred.lib.video import check_video_link
from kindred.meetings.engagements import engaged
from kindred.meetings.recurrence import series_starts
from kindred.meetings.rules import check_window, lock_people, refuse_if
from kindred.meetings.times import open_meetings_of
from kindred.notifications.services import notify
from kindred.profiles.logistics import LogisticsError, parse_boundary_lines
from kindred.programs.models import Membership, Programme, Role
from kindred.programs.policies import require_programme_manager
from kindred.programs.selectors import can_manage
from kindred.relationships.selectors import boundary_summary
from kindred.safety.models import ConcernReport
from kindred.safety.services import concern_report_in_group

MESSAGE_GATHERING = dt.timedelta(minutes=30)  # read in the app first, e-mailed after


# --- who may act ------------------------------------------------------------------


def require_in_circle(actor: User, circle: Circle, doing: str) -> CircleMember:
    place = place_of(actor, circle)
    if place is None:
        raise Forbidden(_("Only the people in the circle %(doing)s.") % {"doing": gettext(doing)})
    return place


def require_facilitator_or_manager(actor: User, circle: Circle, doing: str) -> None:
    place = place_of(actor, circle)
    if (place is None or not place.is_facilitator) and not can_manage(actor, circle.programme):
        raise Forbidden(
            _("Only the circle's facilitators and the programme's managers %(doing)s.")
            % {"doing": gettext(doing)}
        )


def _require_active(circle: Circle) -> None:
    if not circle.is_active:
        raise Conflict(_("This circle has ended."))


# --- forming circles --------------------------------------------------------------


@logs.logged
@transaction.atomic
def circles_form(
    *,
    actor: User,
    programme: Programme,
    groups: Sequence[tuple[int, Sequence[int]]],
    run_id: int | None = None,
) -> list[Circle]:
    """A circle for each (facilitator, members): the facilitator must be a
    mentor of the programme and each member a mentee in no other active
    circle of it. Everyone is told. All or nothing."""
    require_programme_manager(actor, programme, gettext_noop("form its circles"))
    list(Programme.objects.select_for_update().filter(pk=programme.pk))
    roles = dict(Membership.objects.filter(programme=programme).values_list("user_id", "role"))
    placed = set(
        CircleMember.objects.filter(
            circle__programme=programme,
            circle__status=Circle.Status.ACTIVE,
            left_at__isnull=True,
            role=CircleMember.Role.MEMBER,
        ).values_list("person_id", flat=True)
    )
    people = User.objects.in_bulk([p for f, ms in groups for p in (f, *ms)])
    formed = []
    for facilitator, members in groups:
        _check_group(roles, placed, facilitator, members)
        placed.update(members)
        formed.append(_circle(programme, people[facilitator], [people[m] for m in members], run_id))
    for circle in formed:
        _tell_formed(circle)
    return formed


def _check_group(
    roles: dict[int, str], placed: set[int], facilitator: int, members: Sequence[int]
) -> None:
    if roles.get(facilitator) != Role.MENTOR:
        raise InvalidInput(_("A circle's facilitator is one of the programme's mentors."))
    if not members:
        raise InvalidInput(_("A circle has members."))
    for member in members:
        if roles.get(member) != Role.MENTEE:
            raise InvalidInput(_("A circle's members are the programme's mentees."))
        if member in placed:
            raise Conflict(_("A member is already in one of this programme's circles."))


def _circle(
    programme: Programme, facilitator: User, members: list[User], run_id: int | None
) -> Circle:
    number = Circle.objects.filter(programme=programme).count() + 1
    circle = Circle.objects.create(
        programme=programme,
        number=number,
        formed_around=facilitator.display_name,
        formed_by_run=run_id,
    )
    CircleMember.objects.bulk_create(
        [CircleMember(circle=circle, person=facilitator, role=CircleMember.Role.FACILITATOR)]
        + [CircleMember(circle=circle, person=m, role=CircleMember.Role.MEMBER) for m in members]
    )
    return circle


def _tell_formed(circle: Circle) -> None:
    for place in circle.places.select_related("person"):
        notify(
            recipient=place.person,
            message=CircleFormed(circle=circle.pk, facilitator=place.is_facilitator),
            key=f"circle-formed:{circle.pk}:{place.person_id}",
        )
    cache.invalidate(circle.places.values_list("person_id", flat=True))


@logs.logged
@transaction.atomic
def co_facilitator_add(*, actor: User, circle: Circle, person_id: int) -> CircleMember:
    """A second facilitator (a mentor of the programme), added by a manager."""
    require_programme_manager(actor, circle.programme, gettext_noop("add a facilitator"))
    _require_active(circle)
    mentor = (
        Membership.objects.select_related("user")
        .filter(programme=circle.programme, user_id=person_id, role=Role.MENTOR)
        .first()
    )
    if mentor is None:
        raise InvalidInput.on("person", _("Choose one of the programme's mentors."))
    person = mentor.user
    places = CircleMember.objects.select_for_update().filter(circle=circle, left_at__isnull=True)
    if places.filter(person=person).exists():
        raise Conflict(
            _("%(display_name)s is already in this circle.") % {"display_name": person.display_name}
        )
    if places.filter(role=CircleMember.Role.FACILITATOR).count() >= 2:
        raise Conflict(_("A circle has one or two facilitators."))
    place = CircleMember.objects.create(
        circle=circle, person=person, role=CircleMember.Role.FACILITATOR
    )
    current = agreement_current(circle)
    if current is not None:  # they sign it too, with their own hours off limits
        CircleSignature.objects.get_or_create(
            agreement=current,
            person=person,
            defaults={"off_limits": boundary_summary(getattr(person, "profile", None))},
        )
    notify(
        recipient=person,
        message=CircleFormed(circle=circle.pk, facilitator=True),
        key=f"circle-formed:{circle.pk}:{person.pk}",
    )
    return place


@logs.logged
@transaction.atomic
def circle_rename(*, actor: User, circle: Circle, name: str) -> Circle:
    require_facilitator_or_manager(actor, circle, gettext_noop("rename it"))
    name = require_single_line(name.strip(), "name")
    if not 1 <= len(name) <= 80:
        raise InvalidInput.on("name", _("Give the circle a name of up to 80 characters."))
    circle.given_name = name
    circle.save(update_fields=["given_name"])
    return circle


@logs.logged
@transaction.atomic
def circle_leave(*, actor: User, circle: Circle, reason: str = "") -> CircleMember:
    """A member leaves (facilitators are changed by the managers): their
    answers to meetings to come become "can't come"."""
    place = require_in_circle(actor, circle, gettext_noop("leave it"))
    if place.is_facilitator:
        raise Conflict(_("A facilitator asks the programme's managers to hand the circle over."))
    if len(reason) > 500:
        raise InvalidInput.on("reason", _("Keep the reason under 500 characters."))
    place.left_at, place.left_reason = timezone.now(), reason.strip()
    place.save(update_fields=["left_at", "left_reason"])
    Attendance.objects.filter(
        person=actor, meeting__circle=circle, meeting__start__gt=place.left_at
    ).update(answer=Attendance.Answer.DECLINED)
    cache.invalidate([actor.pk])
    return place


@logs.logged
@transaction.atomic
def circle_end(*, actor: User, circle: Circle, now: dt.datetime | None = None) -> Circle:
    """The managers close a circle: its meetings to come are cancelled."""
    require_programme_manager(actor, circle.programme, gettext_noop("end its circles"))
    _require_active(circle)
    now = now or timezone.now()
    for meeting in circle.meetings.filter(status=CircleMeeting.Status.SCHEDULED, start__gt=now):
        _cancel(meeting, gettext_noop("The circle has ended."), now)
    circle.status, circle.ended_at = Circle.Status.ENDED, now
    circle.save(update_fields=["status", "ended_at"])
    cache.invalidate(circle.places.values_list("person_id", flat=True))
    return circle


# --- the agreement ------------------------------------------------------------------


@logs.logged
@transaction.atomic
def agreement_save_draft(
    *, actor: User, circle: Circle, terms: dict[str, object]
) -> CircleAgreement:
    """Anyone in the circle drafts the shared terms. An unsigned draft is
    edited in place; changing one anyone has signed makes a new version
    everyone signs again. Each person's off-limits hours carry over."""
    require_in_circle(actor, circle, gettext_noop("draft its agreement"))
    _require_active(circle)
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    values = {name: terms[name] for name in CircleAgreement.TERMS}
    check_video_link(str(values.get("video_link") or ""))
    current = agreement_current(circle)
    if current is not None and not current.signatures.filter(signed_at__isnull=False).exists():
        for name, value in values.items():
            setattr(current, name, value)
        current.drafted_by = actor
        current.save()
        return current
    if current is not None and all(getattr(current, n) == v for n, v in values.items()):
        raise Conflict(_("Nothing changed from the current agreement."))
    agreement = CircleAgreement.objects.create(
        circle=circle, version=(current.version + 1) if current else 1, drafted_by=actor, **values
    )
    _signature_rows(agreement, current)
    return agreement


def _signature_rows(agreement: CircleAgreement, previous: CircleAgreement | None) -> None:
    """An unsigned line for everyone now in the circle, with the hours off
    limits they gave last time (their profile's the first time)."""
    before = {s.person_id: s.off_limits for s in previous.signatures.all()} if previous else {}
    people = people_of(agreement.circle)
    CircleSignature.objects.bulk_create(
        [
            CircleSignature(
                agreement=agreement,
                person=person,
                off_limits=before.get(
                    person.pk, boundary_summary(getattr(person, "profile", None))
                ),
            )
            for person in people
        ]
    )


@logs.logged
@transaction.atomic
def agreement_sign(
    *, actor: User, circle: Circle, agreement_id: int, off_limits: str
) -> CircleSignature:
    """The actor signs the current version with their own off-limits hours
    (agreement lines in their zone; they drive scheduling once everyone
    has signed)."""
    require_in_circle(actor, circle, gettext_noop("sign its agreement"))
    _require_active(circle)
    agreement = CircleAgreement.objects.filter(pk=agreement_id, circle=circle).first()
    if agreement is None:
        raise NotFound(_("No such agreement in this circle."))
    latest = agreement_current(circle)
    if latest is None or latest.pk != agreement.pk:
        raise Conflict(_("A newer version exists; read and sign that one."))
    try:
        parse_boundary_lines(off_limits)
    except LogisticsError as error:
        raise InvalidInput.on("off_limits", str(error)) from None
    signature, _created = CircleSignature.objects.select_for_update().get_or_create(
        agreement=agreement, person=actor
    )
    signature.off_limits, signature.signed_at = off_limits.strip(), timezone.now()
    signature.save()
    return signature


# --- group meetings ------------------------------------------------------------------


@logs.logged
@transaction.atomic
def meeting_arrange(
    *,
    actor: User,
    circle: Circle,
    start: dt.datetime,
    minutes: int,
    now: dt.datetime | None = None,
) -> CircleMeeting:
    """A group meeting at `start`: refused where it falls in anyone's hard
    boundaries or a day away, or anyone already has a meeting then; a time
    outside some people's hours is allowed and remembered as awkward for
    them (the next suggestions rotate it). One invitation names everyone."""
    require_in_circle(actor, circle, gettext_noop("arrange its meetings"))
    _require_active(circle)
    now = now or timezone.now()
    end = check_window(start, minutes, now)
    people = people_of(circle)
    if len(people) < 2:
        raise Conflict(_("A circle meeting has at least two people."))
    _check_free(circle, people, start, end)
    refusals, _warnings, stretched = times.check(circle, start, end)
    refuse_if(refusals)
    meeting = CircleMeeting.objects.create(
        circle=circle,
        start=start.astimezone(dt.UTC),
        end=end,
        zone=actor.timezone,
        organiser=actor,
        stretched=stretched,
    )
    attendance_rows(meeting, people, actor)
    send_invitations(meeting, "REQUEST", now)
    return meeting


SERIES_MOST = 26


@logs.logged
@transaction.atomic
def meetings_plan(
    *,
    actor: User,
    circle: Circle,
    first_start: dt.datetime,
    minutes: int,
    count: int,
    now: dt.datetime | None = None,
) -> tuple[list[CircleMeeting], int]:
    """The first meeting at `first_start`, then one per agreed cadence near
    the same time, each at the best time the slot finder gives then: as
    the awkward hour falls on someone, the next meetings favour them.
    Returns the meetings and how many found no time (said to the person)."""
    require_in_circle(actor, circle, gettext_noop("arrange its meetings"))
    if not 2 <= count <= SERIES_MOST:
        raise InvalidInput.on(
            "count", _("Plan 2 to %(series_most)s meetings.") % {"series_most": SERIES_MOST}
        )
    now = now or timezone.now()
    first = meeting_arrange(actor=actor, circle=circle, start=first_start, minutes=minutes, now=now)
    agreement = agreement_in_force(circle)
    cadence = agreement.cadence if agreement else circle.programme.default_cadence
    local = first.start.astimezone(zoneinfo.ZoneInfo(actor.timezone))
    planned, missed = [first], 0
    for target in series_starts(local, cadence, count)[1:]:
        slot = times.best_near(circle, target, minutes, now=now)
        try:
            if slot is None:
                raise Conflict(_("No time near this one suits everyone."))
            planned.append(
                meeting_arrange(
                    actor=actor, circle=circle, start=slot.start, minutes=minutes, now=now
                )
            )
        except (Conflict, InvalidInput):
            missed += 1
    return planned, missed


def _check_free(
    circle: Circle, people: list[User], start: dt.datetime, end: dt.datetime,
    ignore: int | None = None,
) -> None:  # fmt: skip
    """Everyone's rows locked (in id order, as pairs lock theirs), then no
    one may have another meeting, a pair's or a circle's, at that time."""
    ids = lock_people([p.pk for p in people])
    busy = {p for p, t in open_meetings_of(ids, start, end).items() if t}
    busy |= set(engagements(ids, start, end, ignore=ignore))
    busy |= set(engaged(ids, start, end, leave_out=NAME))  # office hours, and the like
    if busy:
        names = ", ".join(p.display_name for p in people if p.pk in busy)
        raise Conflict(
            ngettext(
                "%(names)s already has a meeting then.",
                "%(names)s already have a meeting then.",
                len(busy),
            )
            % {"names": names}
        )


def _meeting_of(circle: Circle, meeting_id: int) -> CircleMeeting:
    meeting = CircleMeeting.objects.select_for_update().filter(pk=meeting_id, circle=circle).first()
    if meeting is None:
        raise NotFound(_("No such meeting in this circle."))
    return meeting


@logs.logged
@transaction.atomic
def meeting_answer(*, actor: User, circle: Circle, meeting_id: int, coming: bool) -> Attendance:
    require_in_circle(actor, circle, gettext_noop("answer its invitations"))
    meeting = _meeting_of(circle, meeting_id)
    if not meeting.is_scheduled:
        raise Conflict(_("This meeting is no longer scheduled."))
    answer = Attendance.Answer.ACCEPTED if coming else Attendance.Answer.DECLINED
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, person=actor, defaults={"answer": answer}
    )
    return attendance


@logs.logged
@transaction.atomic
def meeting_cancel(
    *, actor: User, circle: Circle, meeting_id: int, reason: str = "",
    now: dt.datetime | None = None,
) -> CircleMeeting:  # fmt: skip
    """The organiser or a facilitator cancels; everyone gets the CANCEL."""
    meeting = _meeting_of(circle, meeting_id)
    if meeting.organiser_id != actor.pk:
        require_facilitator_or_manager(
            actor, circle, gettext_noop("cancel a meeting someone else arranged")
        )
    if not meeting.is_scheduled:
        raise Conflict(_("This meeting is no longer scheduled."))
    if len(reason) > 500:
        raise InvalidInput.on("reason", _("Keep the reason under 500 characters."))
    return _cancel(meeting, reason.strip(), now or timezone.now())


def _cancel(meeting: CircleMeeting, reason: str, now: dt.datetime) -> CircleMeeting:
    meeting.status, meeting.cancelled_at, meeting.cancel_reason = (
        CircleMeeting.Status.CANCELLED,
        now,
        reason,
    )
    meeting.sequence += 1
    meeting.save()
    send_invitations(meeting, "CANCEL", now)
    return meeting


@logs.logged
@transaction.atomic
def meeting_record(
    *, actor: User, circle: Circle, meeting_id: int, attended: Sequence[int],
    now: dt.datetime | None = None,
) -> CircleMeeting:  # fmt: skip
    """A facilitator records who came, once the meeting has begun."""
    require_facilitator_or_manager(actor, circle, gettext_noop("record who came"))
    meeting = _meeting_of(circle, meeting_id)
    if meeting.start > (now or timezone.now()):
        raise Conflict(_("Record a meeting once it has begun."))
    if meeting.status == CircleMeeting.Status.CANCELLED:
        raise Conflict(_("This meeting was cancelled."))
    came = set(attended)
    for row in meeting.attendance.all():
        row.attended = row.person_id in came
        row.save(update_fields=["attended"])
    meeting.status = CircleMeeting.Status.HELD
    meeting.save(update_fields=["status"])
    return meeting


@logs.logged
@transaction.atomic
def checkin_submit(
    *, actor: User, circle: Circle, meeting_id: int, sharing_comfortable: int,
    boundaries_respected: int, note: str = "", now: dt.datetime | None = None,
) -> CircleCheckIn:  # fmt: skip
    """The actor's private check-in on a meeting they were invited to, once
    it has begun; one each. No one else reads it; the circle's health
    pools it only over the minimum group of people."""
    require_in_circle(actor, circle, gettext_noop("check in on its meetings"))
    meeting = _meeting_of(circle, meeting_id)
    if not meeting.attendance.filter(person=actor).exists():
        raise Forbidden(_("Only the people invited to a meeting check in on it."))
    if meeting.status == CircleMeeting.Status.CANCELLED or meeting.start > (now or timezone.now()):
        raise Conflict(_("Check in once the meeting has taken place."))
    answers = (sharing_comfortable, boundaries_respected)
    if any(a not in range(1, 6) for a in answers):
        raise InvalidInput(_("Answer each question from 1 to 5."))
    if len(note) > 1000:
        raise InvalidInput.on("note", _("Keep the note under 1,000 characters."))
    checkin, created = CircleCheckIn.objects.get_or_create(
        meeting=meeting, person=actor,
        defaults={"sharing_comfortable": sharing_comfortable,
                  "boundaries_respected": boundaries_respected, "note": note.strip()},
    )  # fmt: skip
    if not created:
        raise Conflict(_("You have checked in on this meeting already."))
    return checkin


@logs.logged
@transaction.atomic
def concern_raise(
    *, actor: User, circle: Circle, about_id: int, category: str, text: str,
    wants_contact: bool,
) -> ConcernReport:  # fmt: skip
    """A confidential concern about someone in the circle. It goes to the
    programme's managers who are not in this circle (else the organisation's
    admins); the person it is about, and everyone else in the circle, never
    handle, hear of or see it."""
    require_in_circle(actor, circle, gettext_noop("raise a concern about someone in it"))
    about = next((p for p in places_of(circle) if p.person_id == about_id), None)
    if about is None or about.person_id == actor.pk:
        raise NotFound(_("No such person in this circle."))
    return concern_report_in_group(
        actor=actor,
        programme=circle.programme,
        circle=circle.pk,
        where=f"in the circle {circle.name}",
        involved=[p.pk for p in people_of(circle)],
        about=about.person,
        category=category,
        text=text,
        wants_contact=wants_contact,
    )


@logs.logged
@transaction.atomic
def note_save(*, actor: User, circle: Circle, meeting_id: int, body: str) -> CircleNote:
    """The actor's notes on a meeting, for everyone in the circle to read;
    saving again replaces them."""
    require_in_circle(actor, circle, gettext_noop("write notes on its meetings"))
    meeting = _meeting_of(circle, meeting_id)
    body = body.replace("\x00", "").strip()
    if not body or len(body) > 10_000:
        raise InvalidInput.on("body", _("Write up to 10,000 characters."))
    note, _created = CircleNote.objects.update_or_create(
        meeting=meeting, author=actor, defaults={"body": body, "updated_at": timezone.now()}
    )
    return note


# --- commitments ------------------------------------------------------------------------


@logs.logged
@transaction.atomic
def commitment_add(
    *, actor: User, circle: Circle, text: str, due_date: dt.date
) -> CircleCommitment:
    """The actor commits, in front of the circle, to do something by a date
    (in their own zone). People commit for themselves, not for each other."""
    require_in_circle(actor, circle, gettext_noop("make commitments in it"))
    _require_active(circle)
    text = require_single_line(text.strip(), "text")
    if not 3 <= len(text) <= 300:
        raise InvalidInput.on("text", _("Say what you will do in 3 to 300 characters."))
    today = local_today(actor.timezone)
    if not today <= due_date <= today + dt.timedelta(days=365):
        raise InvalidInput.on("due_date", _("Choose a date from today to a year from now."))
    return CircleCommitment.objects.create(circle=circle, owner=actor, text=text, due_date=due_date)


@logs.logged
@transaction.atomic
def commitment_settle(
    *, actor: User, circle: Circle, commitment_id: int, done: bool
) -> CircleCommitment:
    """Its owner marks it done, or drops it."""
    commitment = (
        CircleCommitment.objects.select_for_update().filter(pk=commitment_id, circle=circle).first()
    )
    if commitment is None:
        raise NotFound(_("No such commitment in this circle."))
    if commitment.owner_id != actor.pk:
        raise Forbidden(_("Only the person who made a commitment settles it."))
    if not commitment.is_open:
        raise Conflict(_("This commitment is settled already."))
    commitment.status = CircleCommitment.Status.DONE if done else CircleCommitment.Status.DROPPED
    commitment.completed_at = timezone.now() if done else None
    commitment.save(update_fields=["status", "completed_at"])
    return commitment


# --- the conversation -----------------------------------------------------------------


MAX_MESSAGE = 4000


@logs.logged
@transaction.atomic
def message_post(*, actor: User, circle: Circle, body: str) -> CircleMessage:
    """A message to the whole circle; the others hear of it by e-mail if
    they have not read it in the app by then."""
    require_in_circle(actor, circle, gettext_noop("write in its conversation"))
    _require_active(circle)
    body = body.strip()
    if not body:
        raise InvalidInput.on("body", _("Write a message first."))
    if len(body) > MAX_MESSAGE:
        raise InvalidInput.on(
            "body", _("Keep a message under %(message)s characters.") % {"message": MAX_MESSAGE}
        )
    message = CircleMessage.objects.create(circle=circle, author=actor, body=body)
    for person in people_of(circle):
        if person.pk != actor.pk:
            notify(
                recipient=person,
                message=CircleMessages(circle=circle.pk, sender=actor.pk),
                key=f"circle-message:{message.pk}:{person.pk}",
                delay=MESSAGE_GATHERING,
            )
    return message
