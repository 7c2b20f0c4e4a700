from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from kindred.accounts.models import User
from kindred.circles import invitations, selectors, services, times
from kindred.circles.forms import (
    AgreementForm,
    ArrangeForm,
    CheckInForm,
    CoFacilitatorForm,
    CommitmentForm,
    ConcernForm,
    LeaveForm,
    MessageForm,
    NoteForm,
    RenameForm,
    SignForm,
)
from kindred.circles.guide import guide_for
from kindred.circles.health import circle_health
from kindred.circles.models import Circle, CircleMeeting
from kindred.circles.projects import circle_team
from kindred.circles.video import join_link
from kindred.lib.confirm import Question, asked_first, question
from kindred.lib.errors import DomainError, Forbidden, NotFound
from kindred.lib.forms import saved
from kindred.lib.http import (
    act_and_report,
    authenticated_user,
    invitation_download,
    is_htmx,
    posted,
)
from kindred.lib.markdown import render as render_markdown
from kindred.lib.timezones import local_today, short_when
from kindred.meetings.forms import minutes_from, start_from
from kindred.programs.selectors import can_manage, programme_for_manager
from kindred.projects import views as project_views
from kindred.projects.teams import Team
from kindred.safety.policies import group_reports_go_to_admins

MESSAGES_SHOWN = 100


def _back(circle: Circle, section: str = "") -> HttpResponse:
    response = redirect("circles:detail", circle_id=circle.pk)
    response["Location"] += f"#{section}" if section else ""
    return response


def _acted(request: HttpRequest, circle: Circle, act: Any, done: str, section: str) -> HttpResponse:
    """Run a service; say what happened (or why not) and go back to the circle."""
    act_and_report(request, act, done)
    return _back(circle, section)


def _local(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(zone))


def _meeting_rows(
    meetings: list[CircleMeeting], user: User, checkable: frozenset[int] = frozenset()
) -> list[dict[str, Any]]:
    return [
        {
            "meeting": m,
            "mine": _local(m.start, user.timezone),
            "people": [(a, _local(m.start, a.person.timezone)) for a in m.attendance.all()],
            "my_answer": next((a for a in m.attendance.all() if a.person_id == user.pk), None),
            "came": [a.person.display_name for a in m.attendance.all() if a.attended],
            "may_check_in": m.pk in checkable,
        }
        for m in meetings
    ]


@login_required
@require_safe
def detail(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_viewer(user, circle_id)
    place = selectors.place_of(user, circle)
    now = timezone.now()
    meetings = selectors.meetings_of(circle)
    agreement = selectors.agreement_current(circle)
    context = {
        "circle": circle,
        "place": place,
        "manages": can_manage(user, circle.programme),
        "people": [(p, _local(now, p.person.timezone)) for p in selectors.places_of(circle)],
        "agreement": agreement,
        "in_force": selectors.agreement_in_force(circle),
        "my_signature": _signature_of(agreement, user),
        "upcoming": _meeting_rows([m for m in meetings if m.is_scheduled and m.end > now], user),
        "past": _meeting_rows(
            [m for m in meetings if not (m.is_scheduled and m.end > now)],
            user,
            selectors.awaiting_checkin(user, meetings, now) if place else frozenset(),
        ),
        "health": circle_health(circle, now=now),
        "checkin_form": CheckInForm(),
        "now": now,
        "join": join_link(circle, now=now) if place else "",
        "propose_form": ArrangeForm(initial={"minutes": times.session_minutes(circle)}),
        "co_facilitator_form": CoFacilitatorForm(circle=circle),
        "projects": list(circle_team(circle).projects()),
    }
    if place is not None:  # the conversation is the circle's alone
        context |= {
            "conversation": list(
                circle.messages.select_related("author").order_by("-sent_at")[:MESSAGES_SHOWN]
            )[::-1],
            "message_form": MessageForm(),
            "guide": guide_for(circle),
            "commitments": list(circle.commitments.select_related("owner")),
            "commitment_form": CommitmentForm(auto_id="commitment-%s"),  # beside the concern form
            "today": local_today(user.timezone),
            "concern_form": ConcernForm(others=_others(circle, user)),
            "concerns_to_admins": group_reports_go_to_admins(
                circle.programme, [p.pk for p in selectors.people_of(circle)]
            ),
            "sign_form": SignForm(
                initial={"off_limits": context["my_signature"].off_limits}
                if context["my_signature"]
                else None
            ),
        }
    return render(request, "circles/detail.html", context)


def _signature_of(agreement: Any, user: User) -> Any:
    if agreement is None:
        return None
    return next((s for s in agreement.signatures.all() if s.person_id == user.pk), None)


@login_required
def agreement_edit(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    current = selectors.agreement_current(circle)
    start = (
        {name: getattr(current, name) for name in current.TERMS}
        if current
        else {"cadence": circle.programme.default_cadence, "session_minutes": 60,
              "channels": ["video"]}
    )  # fmt: skip
    form = AgreementForm(posted(request), initial=start)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: services.agreement_save_draft(actor=user, circle=circle, terms=form.terms()),
        )
    ):
        messages.success(request, _("Saved. Everyone in the circle now signs it."))
        return _back(circle, "agreement")
    return render(request, "circles/agreement_form.html", {"circle": circle, "form": form})


@login_required
@require_POST
def agreement_sign(request: HttpRequest, circle_id: int, agreement_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    form = SignForm(request.POST)
    off_limits = form.cleaned_data["off_limits"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, _("Keep your hours off limits under 1,000 characters."))
        return _back(circle, "agreement")
    return _acted(
        request,
        circle,
        lambda: services.agreement_sign(
            actor=user, circle=circle, agreement_id=agreement_id, off_limits=off_limits
        ),
        "Signed.",
        "agreement",
    )


@login_required
@require_safe
def suggestions(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    people = selectors.people_of(circle)
    slots = times.suggestions(circle, now=timezone.now()) if circle.is_active else []
    rows = [
        {
            "slot": slot,
            "mine": _local(slot.start, user.timezone),
            "everyone": [(p, _local(slot.start, p.timezone)) for p in people],
            "stretched": times.names(people, slot),
        }
        for slot in slots
    ]
    template = "circles/suggestions.html#slots" if is_htmx(request) else "circles/suggestions.html"
    return render(
        request,
        template,
        {
            "circle": circle,
            "rows": rows,
            "minutes": times.session_minutes(circle),
            "level": 3 if is_htmx(request) else 2,  # under the Meetings card, or the page's own
        },
    )


@login_required
@require_POST
def arrange(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    form = ArrangeForm(request.POST)
    form.is_valid()  # a suggested slot sends only some fields; the rest default sensibly
    try:
        start = start_from(request.POST, user.timezone)
        minutes = minutes_from(request.POST)
        if form.cleaned_data.get("repeat"):
            planned, missed = services.meetings_plan(
                actor=user, circle=circle, first_start=start, minutes=minutes,
                count=form.cleaned_data.get("count") or 6,
            )  # fmt: skip
        else:
            planned = [
                services.meeting_arrange(actor=user, circle=circle, start=start, minutes=minutes)
            ]
            missed = 0
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(circle, "meetings")
    _report_arranged(request, circle, planned, missed)
    return _back(circle, "meetings")


def _report_arranged(
    request: HttpRequest, circle: Circle, planned: list[CircleMeeting], missed: int
) -> None:
    many = len(planned) > 1
    messages.success(
        request,
        ngettext(
            "Arranged. Everyone in the circle gets the invitation.",
            "Arranged %(count)s meetings. Everyone in the circle gets the invitations.",
            len(planned),
        )
        % {"count": len(planned)},
    )
    if missed:
        messages.warning(
            request,
            ngettext(
                "%(count)s meeting found no time near the usual one; arrange it by hand.",
                "%(count)s meetings found no time near the usual one; arrange them by hand.",
                missed,
            )
            % {"count": missed},
        )
    names = {p.pk: p.display_name for p in selectors.people_of(circle)}
    stretched = [names[p] for m in planned for p in m.stretched if p in names]
    if stretched:
        counted = ", ".join(
            f"{n} ({stretched.count(n)})" if many else n for n in dict.fromkeys(stretched)
        )
        messages.warning(
            request,
            _("Outside someone's working hours: %(counted)s. Later times favour them.")
            % {"counted": counted},
        )


def _meeting_act(request: HttpRequest, circle_id: int) -> tuple[User, Circle]:
    user = authenticated_user(request)
    return user, selectors.circle_for_member(user, circle_id)


@login_required
@require_POST
def answer(request: HttpRequest, circle_id: int, meeting_id: int) -> HttpResponse:
    user, circle = _meeting_act(request, circle_id)
    coming = request.POST.get("coming") == "yes"
    return _acted(
        request,
        circle,
        lambda: services.meeting_answer(
            actor=user, circle=circle, meeting_id=meeting_id, coming=coming
        ),
        _("Thanks: the circle sees you are coming.") if coming else _("Noted: you can't come."),
        "meetings",
    )


@question("cancel-circle-meeting")
def cancel_question(meeting: CircleMeeting, choice: str) -> Question:
    when = short_when(meeting.start, timezone.get_current_timezone_name())
    return Question(
        _("Cancel the circle meeting on %(when)s?") % {"when": when},
        _("Everyone in the circle gets a cancellation for their calendar."),
        _("Cancel the meeting"),
    )


def _load_meeting(request: HttpRequest, circle_id: int, meeting_id: int) -> CircleMeeting:
    circle = _meeting_act(request, circle_id)[1]
    meeting = circle.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("No such meeting."))
    return meeting


@login_required
@require_POST
@asked_first("cancel-circle-meeting", load=_load_meeting)
def cancel(request: HttpRequest, circle_id: int, meeting_id: int) -> HttpResponse:
    user, circle = _meeting_act(request, circle_id)
    reason = request.POST.get("reason", "")
    return _acted(
        request,
        circle,
        lambda: services.meeting_cancel(
            actor=user, circle=circle, meeting_id=meeting_id, reason=reason
        ),
        _("Cancelled. Everyone gets the cancellation."),
        "meetings",
    )


@login_required
@require_POST
def record(request: HttpRequest, circle_id: int, meeting_id: int) -> HttpResponse:
    user, circle = _meeting_act(request, circle_id)
    came = [int(v) for v in request.POST.getlist("came") if v.isdigit() and len(v) < 19]
    return _acted(
        request,
        circle,
        lambda: services.meeting_record(
            actor=user, circle=circle, meeting_id=meeting_id, attended=came
        ),
        _("Recorded who came."),
        "meetings",
    )


@login_required
@require_POST
def checkin(request: HttpRequest, circle_id: int, meeting_id: int) -> HttpResponse:
    user, circle = _meeting_act(request, circle_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer both questions, from 1 to 5."))
        return _back(circle, "meetings")
    return _acted(
        request,
        circle,
        lambda: services.checkin_submit(
            actor=user, circle=circle, meeting_id=meeting_id, **form.cleaned_data
        ),
        _(
            "Thanks. Only you see your check-in; the circle's health pools check-ins only "
            "when five or more people have given them."
        ),
        "meetings",
    )


@login_required
def notes(request: HttpRequest, circle_id: int, meeting_id: int) -> HttpResponse:
    """Everyone's notes on a meeting, and the viewer's own to write."""
    user, circle = _meeting_act(request, circle_id)
    meeting = circle.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("No such meeting."))
    found = list(meeting.notes.select_related("author"))
    mine = next((n for n in found if n.author_id == user.pk), None)
    form = NoteForm(posted(request), initial={"body": mine.body} if mine else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: services.note_save(
                actor=user, circle=circle, meeting_id=meeting.pk, body=form.cleaned_data["body"]
            ),
        )
    ):
        messages.success(request, _("Saved. Everyone in the circle can read your notes."))
        return redirect("circles:notes", circle_id=circle.pk, meeting_id=meeting.pk)
    return render(
        request,
        "circles/notes.html",
        {
            "circle": circle,
            "meeting": meeting,
            "local": _local(meeting.start, user.timezone),
            "notes": [(n, render_markdown(n.body)) for n in found],
            "form": form,
        },
    )


@login_required
@require_safe
def ics(request: HttpRequest, circle_id: int, meeting_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    meeting = circle.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("No such meeting."))
    method = "CANCEL" if meeting.status == CircleMeeting.Status.CANCELLED else "REQUEST"
    return invitation_download(
        invitations.invitation(meeting, method=method, now=timezone.now()), method
    )


@login_required
@require_POST
def post_message(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message of up to 4,000 characters."))
        return _back(circle, "conversation")
    return _acted(
        request,
        circle,
        lambda: services.message_post(actor=user, circle=circle, body=form.cleaned_data["body"]),
        _("Sent to the circle."),
        "conversation",
    )


@login_required
@require_POST
def commit(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    form = CommitmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what you will do, and by which date."))
        return _back(circle, "commitments")
    return _acted(
        request,
        circle,
        lambda: services.commitment_add(actor=user, circle=circle, **form.cleaned_data),
        _("Committed, in front of the circle."),
        "commitments",
    )


@login_required
@require_POST
def settle(request: HttpRequest, circle_id: int, commitment_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    done = request.POST.get("outcome") != "dropped"
    return _acted(
        request,
        circle,
        lambda: services.commitment_settle(
            actor=user, circle=circle, commitment_id=commitment_id, done=done
        ),
        _("Marked done. Well kept.") if done else _("Dropped."),
        "commitments",
    )


@login_required
@require_POST
def concern(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    form = ConcernForm(request.POST, others=_others(circle, user))
    if not form.is_valid():
        messages.error(request, _("Say who it is about, what it concerns, and what happened."))
        return _back(circle, "concern")
    data = form.cleaned_data
    return _acted(
        request,
        circle,
        lambda: services.concern_raise(
            actor=user,
            circle=circle,
            about_id=data["about"],
            category=data["category"],
            text=data["text"],
            wants_contact=data["wants_contact"],
        ),
        _("Sent in confidence. No one in the circle will see it or hear of it from Kindred."),
        "",
    )


def _others(circle: Circle, user: User) -> list[User]:
    return [p for p in selectors.people_of(circle) if p.pk != user.pk]


@login_required
@require_POST
def rename(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_viewer(user, circle_id)
    form = RenameForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    return _acted(
        request,
        circle,
        lambda: services.circle_rename(actor=user, circle=circle, name=name),
        "Renamed.",
        "",
    )


@question("leave-circle")
def leave_question(circle: Circle, choice: str) -> Question:
    return Question(
        _("Leave %(name)s?") % {"name": circle.name},
        _(
            "You stop receiving its invitations and messages; what you wrote stays with the "
            "circle. Only the programme's managers can bring you back."
        ),
        _("Leave the circle"),
    )


def _load_circle(request: HttpRequest, circle_id: int) -> Circle:
    return selectors.circle_for_viewer(authenticated_user(request), circle_id)


@login_required
@require_POST
@asked_first("leave-circle", load=_load_circle)
def leave(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_member(user, circle_id)
    form = LeaveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.circle_leave(actor=user, circle=circle, reason=reason)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(circle)
    messages.success(request, _("You have left %(name)s.") % {"name": circle.name})
    return redirect("home")


@question("end-circle")
def end_question(circle: Circle, choice: str) -> Question:
    return Question(
        _("End %(name)s?") % {"name": circle.name},
        _("Its meetings to come are cancelled and everyone is sent the cancellations."),
        _("End the circle"),
    )


@login_required
@require_POST
@asked_first("end-circle", load=_load_circle)
def end(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_viewer(user, circle_id)
    return _acted(
        request,
        circle,
        lambda: services.circle_end(actor=user, circle=circle),
        _("The circle has ended; its meetings to come are cancelled."),
        "",
    )


@login_required
@require_POST
def add_facilitator(request: HttpRequest, circle_id: int) -> HttpResponse:
    user = authenticated_user(request)
    circle = selectors.circle_for_viewer(user, circle_id)
    chosen = request.POST.get("person", "")
    return _acted(
        request,
        circle,
        lambda: services.co_facilitator_add(
            actor=user, circle=circle, person_id=int(chosen) if chosen.isdigit() else 0
        ),
        _("Added: they now facilitate the circle too."),
        "",
    )


@login_required
@require_safe
def programme_circles(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's circles for its managers: who is in each, whether
    the agreement binds, how often it has met, and its health as the daily
    run scored it, with what is worth a look."""
    user = authenticated_user(request)
    programme = programme_for_manager(user, slug)
    circles = list(selectors.circles_with_figures(programme))
    scored_on, health = selectors.latest_health(programme)
    rows = [(circle, health.get(circle.pk)) for circle in circles]
    return render(
        request,
        "circles/programme.html",
        {
            "programme": programme,
            "rows": rows,
            "scored_on": scored_on,
            "worth_a_look": sum(1 for _row, found in rows if found and found.reasons),
        },
    )


# --- joint projects (the projects app's pages, with the circle as the team) ---------


def _team(request: HttpRequest, circle_id: int) -> Team:
    """Its people work on them; the programme's managers read them."""
    return circle_team(selectors.circle_for_viewer(authenticated_user(request), circle_id))


@login_required
def projects(request: HttpRequest, circle_id: int) -> HttpResponse:
    return project_views.team_projects(request, _team(request, circle_id))


@login_required
@require_safe
def project(request: HttpRequest, circle_id: int, project_id: int) -> HttpResponse:
    return project_views.team_project(request, _team(request, circle_id), project_id)


@login_required
@require_POST
def project_act(request: HttpRequest, circle_id: int, project_id: int) -> HttpResponse:
    return project_views.team_act(request, _team(request, circle_id), project_id)


@login_required
@require_safe
def project_download(
    request: HttpRequest, circle_id: int, project_id: int, deliverable_id: int
) -> FileResponse:
    return project_views.team_download(
        request, _team(request, circle_id), project_id, deliverable_id
    )
