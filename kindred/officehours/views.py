from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kindred.accounts.models import User
from kindred.lib.errors import DomainError, Forbidden, InvalidInput, NotFound
from kindred.lib.forms import add_domain_error
from kindred.lib.http import act_and_report, authenticated_user, invitation_download
from kindred.meetings.forms import start_from
from kindred.officehours import invitations, selectors, services
from kindred.officehours.forms import BookForm, CheckinForm, HoursForm, RecordForm
from kindred.officehours.models import Booking, OfficeHours
from kindred.officehours.video import join_link


def _local(moment: dt.datetime, person: User) -> dt.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(person.timezone))


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Book a conversation, your bookings, and (for mentors) your own hours."""
    user = authenticated_user(request)
    return render(request, "officehours/index.html", _index_context(user, HoursForm(host=user)))


def _index_context(user: User, form: HoursForm) -> dict[str, Any]:
    now = timezone.now()
    # Each host's open times are worked out on their own page: here, one
    # query for all of them however many there are.
    hosts = selectors.bookable_for(user)
    bookings = selectors.bookings_of(user)
    return {
        "hosts": hosts,
        "upcoming": [(b, _local(b.start, user)) for b in bookings if b.is_booked and b.end > now],
        "earlier": [
            (b, _local(b.start, user)) for b in bookings if not (b.is_booked and b.end > now)
        ],
        "mine": selectors.hours_of(user),
        "form": form,
        "can_host": form.fields["programmes"].queryset.exists(),  # type: ignore[attr-defined]
        "offered": bool(hosts) or selectors.programmes_of(user).exists(),
    }


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = HoursForm(request.POST, host=user)
    if form.is_valid():
        try:
            services.hours_publish(actor=user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Published. People in those programmes can book you now."))
            return redirect("officehours:index")
    return render(request, "officehours/index.html", _index_context(user, form), status=400)


@login_required
@require_POST
def end(request: HttpRequest, hours_id: int) -> HttpResponse:
    user = authenticated_user(request)
    hours = OfficeHours.objects.filter(pk=hours_id, host=user).first()
    if hours is None:
        raise NotFound(_("No such office hours."))
    services.hours_end(actor=user, hours=hours)
    messages.success(request, _("Those hours are closed; conversations already booked stand."))
    return redirect("officehours:index")


@login_required
@require_safe
def hours(request: HttpRequest, hours_id: int) -> HttpResponse:
    user = authenticated_user(request)
    found = selectors.hours_for_guest(user, hours_id)
    slots = [(s, _local(s.start, user), _local(s.start, found.host))
             for s in selectors.open_slots(found, now=timezone.now())]  # fmt: skip
    return render(request, "officehours/hours.html", {"hours": found, "slots": slots})


@login_required
@require_POST
def book(request: HttpRequest, hours_id: int) -> HttpResponse:
    user = authenticated_user(request)
    found = selectors.hours_for_guest(user, hours_id)
    form = BookForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say in a few words what you would like to talk about."))
        return redirect("officehours:hours", hours_id=found.pk)
    try:
        start = start_from(request.POST, user.timezone)
        booking = services.booking_create(
            actor=user, hours=found, start=start, topic=form.cleaned_data["topic"]
        )
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("officehours:hours", hours_id=found.pk)
    messages.success(request, _("Booked. You both get an invitation for your calendars."))
    return redirect("officehours:booking", booking_id=booking.pk)


@login_required
@require_safe
def booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    user = authenticated_user(request)
    found = selectors.booking_for(user, booking_id)
    now = timezone.now()
    hosting = user.pk == found.host_id
    return render(
        request,
        "officehours/booking.html",
        {
            "booking": found,
            "hosting": hosting,
            "other": found.guest if hosting else found.host,
            "mine": _local(found.start, user),
            "theirs": _local(found.start, found.guest if hosting else found.host),
            "begun": found.start <= now,
            "join": join_link(found, now=now) if found.is_booked else "",
            "checkin_form": CheckinForm(),
        },
    )


def _act(
    request: HttpRequest, booking_id: int, act: Callable[[User, Booking], object], done: str
) -> HttpResponse:
    user = authenticated_user(request)
    found = selectors.booking_for(user, booking_id)
    act_and_report(request, lambda: act(user, found), done)
    return redirect("officehours:booking", booking_id=found.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _act(
        request,
        booking_id,
        lambda user, b: services.booking_cancel(actor=user, booking=b),
        _(_("Cancelled. You both get the cancellation for your calendars.")),
    )


@login_required
@require_POST
def record(request: HttpRequest, booking_id: int) -> HttpResponse:
    form = RecordForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Say whether the conversation happened."))
    return _act(
        request,
        booking_id,
        lambda user, b: services.booking_record(
            actor=user,
            booking=b,
            happened=form.cleaned_data["happened"],
            absent=form.cleaned_data["absent"],
        ),
        "Recorded.",
    )


@login_required
@require_POST
def checkin(request: HttpRequest, booking_id: int) -> HttpResponse:
    form = CheckinForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose how useful it was, from 1 to 5."))
    return _act(
        request,
        booking_id,
        lambda user, b: services.booking_checkin(
            actor=user,
            booking=b,
            useful=form.cleaned_data["useful"],
            note=form.cleaned_data["note"],
        ),
        _(_("Thanks. Only you see your check-in.")),
    )


@login_required
@require_POST
def go_on(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _act(
        request,
        booking_id,
        lambda user, b: services.booking_continue(actor=user, booking=b),
        _(_("Noted. When you both want to, you go on as mentor and mentee.")),
    )


@login_required
@require_safe
def ics(request: HttpRequest, booking_id: int) -> HttpResponse:
    user = authenticated_user(request)
    found = selectors.booking_for(user, booking_id)
    method = "CANCEL" if found.status == Booking.Status.CANCELLED else "REQUEST"
    return invitation_download(
        invitations.invitation(found, method=method, now=timezone.now()), method
    )
