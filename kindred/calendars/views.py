"""A person's own calendars: connect, see how each stands, refresh, change,
remove. Only the owner reaches these pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kindred.accounts.services import personal_room_set
from kindred.calendars import selectors, services
from kindred.calendars.forms import CaldavForm, ConnectionForm, IcsForm, PersonalRoomForm
from kindred.calendars.models import CalendarConnection
from kindred.calendars.policies import require_owner
from kindred.lib.confirm import Question, asked_first, question
from kindred.lib.errors import DomainError, NotFound
from kindred.lib.forms import add_domain_error
from kindred.lib.http import authenticated_user, posted


@login_required
def calendars(request: HttpRequest) -> HttpResponse:
    person = authenticated_user(request)
    ics_form, caldav_form = IcsForm(prefix="ics"), CaldavForm(prefix="caldav")
    status = 200
    if request.method == "POST":
        kind = request.POST.get("kind")
        ics_form = IcsForm(posted(request), prefix="ics") if kind == "ics" else ics_form
        caldav_form = (
            CaldavForm(posted(request), prefix="caldav") if kind == "caldav" else caldav_form
        )
        form = ics_form if kind == "ics" else caldav_form
        if form.is_valid():
            try:
                made = _connect(person, kind, form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _read_summary(made))
                return redirect("calendars:list")
        status = 422
    return render(
        request, "calendars/list.html", _context(person, ics_form, caldav_form), status=status
    )


def _connect(person: Any, kind: str | None, values: dict[str, Any]) -> CalendarConnection:
    if kind == "caldav":
        return services.calendar_connect_caldav(actor=person, **values)
    return services.calendar_connect_ics(actor=person, **values)


def _read_summary(connection: CalendarConnection) -> str:
    count = connection.busy.count()
    words = [
        ngettext(
            "Read %(name)s: %(count)s busy time in the next four months.",
            "Read %(name)s: %(count)s busy times in the next four months.",
            count,
        )
        % {"name": connection.name, "count": count}
    ]
    if connection.skipped:
        skipped = len(connection.skipped)
        words.append(
            ngettext(
                "%(count)s part could not be read and was skipped.",
                "%(count)s parts could not be read and were skipped.",
                skipped,
            )
            % {"count": skipped}
        )
    if connection.write_meetings:
        words.append(
            _("Your meetings could not be written into it: %(error)s")
            % {"error": connection.write_error}
            if connection.write_error
            else _("Your Kindred meetings are in it now.")
        )
    return " ".join(words)


def _context(
    person: Any, ics_form: IcsForm, caldav_form: CaldavForm, room_form: Any = None
) -> dict[str, Any]:
    now = timezone.now()
    connections = list(selectors.connections_of(person))
    return {
        "connections": [(c, selectors.is_stale(c, now)) for c in connections],
        "ics_form": ics_form,
        "caldav_form": caldav_form,
        "room_form": room_form
        or PersonalRoomForm(initial={"personal_room_url": person.personal_room_url}),
    }


@login_required
@require_POST
def personal_room(request: HttpRequest) -> HttpResponse:
    person = authenticated_user(request)
    form = PersonalRoomForm(request.POST)
    if form.is_valid():
        try:
            personal_room_set(actor=person, url=form.cleaned_data["personal_room_url"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved your video room."))
            return redirect("calendars:list")
    context = _context(person, IcsForm(prefix="ics"), CaldavForm(prefix="caldav"), form)
    return render(request, "calendars/list.html", context, status=422)


def _connection(request: HttpRequest, connection_id: int) -> CalendarConnection:
    connection = CalendarConnection.objects.filter(pk=connection_id).first()
    if connection is None:
        raise NotFound(_("No such calendar."))
    require_owner(authenticated_user(request), connection)
    return connection


@login_required
@require_POST
def refresh(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = services.calendar_refresh(
        actor=authenticated_user(request), connection_id=connection_id
    )
    if connection.last_error:
        messages.error(
            request,
            _("%(name)s could not be read: %(last_error)s")
            % {"name": connection.name, "last_error": connection.last_error},
        )
    else:
        messages.success(request, _read_summary(connection))
    return redirect("calendars:list")


@login_required
def edit(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = _connection(request, connection_id)
    form = ConnectionForm(
        posted(request),
        initial={"name": connection.name, "all_day_blocks": connection.all_day_blocks,
                 "write_meetings": connection.write_meetings,
                 "write_to": connection.write_target()},
        writable=connection.kind == CalendarConnection.Kind.CALDAV,
        calendars=connection.calendars,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        saved = services.calendar_update(
            actor=authenticated_user(request), connection_id=connection.pk, **form.cleaned_data
        )
        if saved.write_meetings and saved.write_error:
            messages.error(
                request,
                _("Saved, but Kindred could not write: %(write_error)s")
                % {"write_error": saved.write_error},
            )
        else:
            messages.success(request, _("Saved."))
        return redirect("calendars:list")
    return render(request, "calendars/edit.html", {"connection": connection, "form": form})


@question("remove-calendar")
def _remove_question(connection: CalendarConnection, chosen: str) -> Question:
    return Question(
        title=_("Remove %(name)s?") % {"name": connection.name},
        text=_(
            "Kindred forgets its address, its password and every busy time read from it. "
            "Suggested times no longer avoid what is in it."
        ),
        button=_("Remove %(name)s") % {"name": connection.name},
    )


@login_required
@require_POST
@asked_first("remove-calendar", load=_connection)
def remove(request: HttpRequest, connection_id: int) -> HttpResponse:
    services.calendar_remove(actor=authenticated_user(request), connection_id=connection_id)
    messages.success(request, _("Removed the calendar and everything read from it."))
    return redirect("calendars:list")
