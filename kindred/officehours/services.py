"""Writes for office hours: publishing hours, booking a conversation (never
more people than a slot holds, however the requests race), cancelling,
recording it, the guest's check-in, and going on as a relationship."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.engines.scheduling.slots import boundaries, local_to_utc, minutes
from kindred.lib import logs
from kindred.lib.errors import Conflict, Forbidden, InvalidInput
from kindred.lib.text import require_single_line
from kindred.lib.video import check_video_link
from kindred.meetings.engagements import engaged
from kindred.meetings.rules import lock_people
from kindred.meetings.times import open_meetings_of
from kindred.officehours import selectors
from kindred.officehours.invitations import send_invitations
from kindred.officehours.models import Booking, OfficeHours
from kindred.profiles.logistics import LogisticsError, normalise_clock
from kindred.profiles.selectors import calendar_of
from kindred.programs.models import Membership, Programme, Role
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

# --- publishing hours ----------------------------------------------------------------


@logs.logged
@transaction.atomic
def hours_publish(
    *,
    actor: User,
    programmes: Sequence[Programme],
    weekday: int,
    start: str,
    end: str,
    slot_minutes: int = 30,
    capacity: int = 1,
    about: str = "",
    video_link: str = "",
) -> OfficeHours:
    """Weekly bookable hours, inside the host's working hours and outside
    their hard boundaries, for programmes they mentor in."""
    if not programmes:
        raise InvalidInput.on("programmes", _("Choose at least one programme."))
    mentoring = set(
        Membership.objects.filter(user=actor, role=Role.MENTOR).values_list(
            "programme_id", flat=True
        )
    )
    if any(p.pk not in mentoring for p in programmes):
        raise Forbidden(_("Only a programme's mentors hold office hours in it."))
    closed = [p.name for p in programmes if not p.offers_office_hours]
    if closed:
        raise InvalidInput.on(
            "programmes",
            _("%(closed)s does not offer office hours (its managers decide).")
            % {"closed": ", ".join(closed)},
        )
    start, end = _clock(start, "start"), _clock(end, "end")
    _check_shape(weekday, start, end, slot_minutes, capacity)
    _check_inside_hours(actor, weekday, start, end)
    _check_no_overlap(actor, weekday, start, end)
    check_video_link(video_link)
    hours = OfficeHours.objects.create(
        host=actor,
        weekday=weekday,
        start=start,
        end=end,
        slot_minutes=slot_minutes,
        capacity=capacity,
        about=require_single_line(about.strip(), "about"),
        video_link=video_link,
    )
    hours.programmes.set(programmes)
    return hours


def _clock(value: str, field: str) -> str:
    try:
        return normalise_clock(value)
    except LogisticsError as error:
        raise InvalidInput.on(field, str(error)) from None


def _check_shape(weekday: int, start: str, end: str, slot: int, capacity: int) -> None:
    if weekday not in range(7):
        raise InvalidInput.on("weekday", _("Choose a day of the week."))
    if not 15 <= slot <= 120:
        raise InvalidInput.on("slot_minutes", _("A conversation lasts 15 minutes to 2 hours."))
    if not 1 <= capacity <= 8:
        raise InvalidInput.on("capacity", _("A slot holds 1 to 8 people."))
    if minutes(end) - minutes(start) < slot:
        raise InvalidInput.on("end", _("The hours must hold at least one conversation."))


def _check_inside_hours(host: User, weekday: int, start: str, end: str) -> None:
    """Inside one of the host's working windows that day, and clear of
    their hard boundaries (quiet hours, fixed blocks) on the next such day.
    The profile is read now: the caller's copy may be older."""
    calendar = calendar_of(User.objects.select_related("profile").get(pk=host.pk))
    if not any(
        day == weekday and minutes(a) <= minutes(start) and minutes(end) <= minutes(b)
        for day, a, b in calendar.windows
    ):
        raise InvalidInput.on("start", _("Office hours go inside your working hours that day."))
    today = timezone.localdate()
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)
    zone = _zone(host)
    opens, closes = local_to_utc(day, minutes(start), zone), local_to_utc(day, minutes(end), zone)
    hard = boundaries(calendar, opens - dt.timedelta(days=1), closes + dt.timedelta(days=1))[0]
    clash = [label for (a, b), label in hard if a < closes and b > opens]
    if clash:
        raise InvalidInput.on(
            "start", _("Those hours fall in your %(clash)s.") % {"clash": clash[0]}
        )


def _zone(person: User) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(person.timezone)


def _check_no_overlap(host: User, weekday: int, start: str, end: str) -> None:
    for other in OfficeHours.objects.filter(host=host, weekday=weekday, ended_at__isnull=True):
        if minutes(other.start) < minutes(end) and minutes(start) < minutes(other.end):
            raise Conflict(
                _("You already hold office hours %(start)s to %(end)s that day.")
                % {"start": other.start, "end": other.end}
            )


@logs.logged
@transaction.atomic
def hours_end(*, actor: User, hours: OfficeHours) -> OfficeHours:
    """No more bookings; conversations already booked still stand."""
    if hours.host_id != actor.pk:
        raise Forbidden(_("Only the host ends their office hours."))
    hours.ended_at = timezone.now()
    hours.save(update_fields=["ended_at"])
    return hours


# --- booking -------------------------------------------------------------------------


@logs.logged
@transaction.atomic
def booking_create(
    *, actor: User, hours: OfficeHours, start: dt.datetime, topic: str,
    now: dt.datetime | None = None,
) -> Booking:  # fmt: skip
    """A place in a slot. The hours' row is locked first, so simultaneous
    requests for the last place queue and only one gets it."""
    now = now or timezone.now()
    topic = require_single_line(topic.strip(), "topic")
    if not 3 <= len(topic) <= 200:
        raise InvalidInput.on("topic", _("Say in a few words what you would like to talk about."))
    hours = OfficeHours.objects.select_for_update().select_related("host").get(pk=hours.pk)
    programme = selectors.shared_programme(hours, actor)
    if hours.host_id == actor.pk or programme is None:
        raise Forbidden(_("Only people in the programmes of these office hours book them."))
    if not hours.is_open:
        raise Conflict(_("These office hours have ended."))
    lock_people([hours.host_id, actor.pk])
    slot = selectors.is_open(hours, start, now=now)
    if slot is None:
        raise Conflict(_("That time is no longer free. Choose another."))
    _check_guest_free(actor, slot.start, slot.end)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                hours=hours, host=hours.host, guest=actor, programme_id=programme,
                start=slot.start, end=slot.end, topic=topic,
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("You already have a place at that time.")) from exc
    send_invitations(booking, "REQUEST", now)
    return booking


def _check_guest_free(guest: User, start: dt.datetime, end: dt.datetime) -> None:
    ids = [guest.pk]
    if open_meetings_of(ids, start, end)[guest.pk] or engaged(ids, start, end):
        raise Conflict(_("You already have a meeting at that time."))


def _require_in_booking(actor: User, booking: Booking) -> None:
    if actor.pk not in (booking.host_id, booking.guest_id):
        raise Forbidden(_("Only the host and the guest act on a booking."))


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update()
        .select_related("host", "guest", "hours", "programme")
        .get(pk=booking.pk)
    )


@logs.logged
@transaction.atomic
def booking_cancel(*, actor: User, booking: Booking, now: dt.datetime | None = None) -> Booking:
    """Either side cancels; within a day of it, the cancellation is late
    (it counts in the host's reliability when the host cancels)."""
    _require_in_booking(actor, booking)
    booking = _locked(booking)
    now = now or timezone.now()
    if not booking.is_booked or booking.start <= now:
        raise Conflict(_("Only a conversation still to come can be cancelled."))
    booking.status, booking.cancelled_by, booking.cancelled_at = (
        Booking.Status.CANCELLED, actor, now,
    )  # fmt: skip
    booking.late_cancellation = booking.start - now < dt.timedelta(
        hours=Booking.LATE_CANCELLATION_HOURS
    )
    booking.sequence += 1
    booking.save()
    send_invitations(booking, "CANCEL", now)
    return booking


@logs.logged
@transaction.atomic
def booking_record(
    *, actor: User, booking: Booking, happened: bool, absent: int | None = None,
    now: dt.datetime | None = None,
) -> Booking:  # fmt: skip
    """The host says whether it happened, and if not, who did not come."""
    if actor.pk != booking.host_id:
        raise Forbidden(_("The host records the conversation."))
    booking = _locked(booking)
    if booking.status == Booking.Status.CANCELLED:
        raise Conflict(_("This conversation was cancelled."))
    if booking.start > (now or timezone.now()):
        raise Conflict(_("Record a conversation once it has begun."))
    if not happened and absent not in (booking.host_id, booking.guest_id):
        raise InvalidInput.on("absent", _("Say who could not come."))
    booking.status = Booking.Status.HELD if happened else Booking.Status.NO_SHOW
    booking.absent_id = None if happened else absent
    booking.save(update_fields=["status", "absent"])
    return booking


@logs.logged
@transaction.atomic
def booking_checkin(
    *, actor: User, booking: Booking, useful: int, note: str = "",
    now: dt.datetime | None = None,
) -> Booking:  # fmt: skip
    """The guest's two-question check-in, once the conversation has begun:
    theirs alone (the host sees it only pooled over five guests)."""
    if actor.pk != booking.guest_id:
        raise Forbidden(_("Only the guest checks in on the conversation."))
    booking = _locked(booking)
    if booking.status == Booking.Status.CANCELLED or booking.start > (now or timezone.now()):
        raise Conflict(_("Check in once the conversation has taken place."))
    if useful not in range(1, 6):
        raise InvalidInput.on("useful", _("Choose from 1 to 5."))
    if len(note) > 500:
        raise InvalidInput.on("note", _("Keep the note under 500 characters."))
    booking.useful, booking.checkin_note, booking.checked_in_at = (
        useful,
        note.strip(),
        timezone.now(),
    )
    booking.save(update_fields=["useful", "checkin_note", "checked_in_at"])
    return booking


@logs.logged
@transaction.atomic
def booking_continue(*, actor: User, booking: Booking) -> Booking:
    """One side says they would like to go on as mentor and mentee; when
    both have, the relationship starts in the programme they met through,
    within the mentor's capacity as any other."""
    _require_in_booking(actor, booking)
    booking = _locked(booking)
    if not booking.is_held:
        raise Conflict(_("A conversation that took place can become a relationship."))
    if booking.relationship_id is not None:
        raise Conflict(_("You already went on as a relationship."))
    if actor.pk == booking.host_id:
        booking.host_wants_more = True
    else:
        booking.guest_wants_more = True
    if booking.host_wants_more and booking.guest_wants_more:
        if not Membership.objects.filter(
            programme=booking.programme, user=booking.guest, role=Role.MENTEE
        ).exists():
            raise Conflict(
                _("%(display_name)s is not a mentee in %(programme)s.")
                % {"display_name": booking.guest.display_name, "programme": booking.programme}
            )
        booking.relationship = relationship_start(
            programme=booking.programme,
            mentor=booking.host,
            mentee=booking.guest,
            source=Relationship.Source.BOOKING,
        )
    booking.save(update_fields=["host_wants_more", "guest_wants_more", "relationship"])
    return booking
