from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindred.lib.errors import InvalidInput
from kindred.lib.forms import attempt, saved
from kindred.lib.http import authenticated_user, posted
from kindred.meetings.selectors import meeting_in_pair
from kindred.programs.selectors import programme_for_viewer
from kindred.relationships.selectors import partner_of, relationship_for_pair
from kindred.safety import policies, selectors, services
from kindred.safety.forms import CaseNoteForm, CaseStatusForm, CheckInForm, ConcernForm


@login_required
def check_in(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    meeting = meeting_in_pair(user, relationship, meeting_id)
    form = CheckInForm(posted(request))
    checkin = (
        attempt(
            form,
            lambda: services.checkin_submit(actor=user, meeting=meeting, **form.cleaned_data),
        )
        if request.method == "POST" and form.is_valid()
        else None
    )
    if checkin is not None:
        if checkin.is_low:
            return render(
                request,
                "safety/support.html",
                {"relationship": relationship, "partner": partner_of(user, relationship)},
            )
        messages.success(request, _("Thank you. Only you can see your check-in."))
        return redirect("pages:relationship", relationship_id=relationship.pk)
    return render(
        request,
        "safety/check_in.html",
        {"relationship": relationship, "meeting": meeting, "form": form},
    )


@login_required
def report(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    form = ConcernForm(posted(request))
    to_admins = policies.reports_go_to_admins(relationship)
    readers = _("your organisation's admins") if to_admins else _("your programme's managers")
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: services.concern_report(
                actor=user, relationship=relationship, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Sent. Only %(readers)s can read it.") % {"readers": readers})
        return redirect("safety:mine")
    return render(
        request,
        "safety/report.html",
        {
            "relationship": relationship,
            "partner": partner_of(user, relationship),
            "form": form,
            "to_admins": to_admins,
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    return render(request, "safety/mine.html", {"reports": selectors.reports_by(user)})


@login_required
def guidance(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/guidance.html")


@login_required
def cases(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = programme_for_viewer(user, slug)
    return render(
        request,
        "safety/cases.html",
        {"programme": programme, "cases": selectors.cases_of(user, programme)},
    )


@login_required
def case(request: HttpRequest, report_id: int) -> HttpResponse:
    user = authenticated_user(request)
    found = selectors.case_for(user, report_id)
    services.case_viewed(actor=user, report=found)
    return render(
        request,
        "safety/case.html",
        {
            "case": found,
            "notes": found.notes.select_related("author"),
            "audit": found.audit.select_related("actor"),
            "status_form": CaseStatusForm(initial={"status": found.status}),
            "note_form": CaseNoteForm(),
        },
    )


@login_required
@require_POST
def case_update(request: HttpRequest, report_id: int) -> HttpResponse:
    user = authenticated_user(request)
    action = request.POST.get("action", "")
    if action == "status":
        form = CaseStatusForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(_("Choose a status, and an outcome when resolving."))
        services.case_set_status(actor=user, report_id=report_id, **form.cleaned_data)
    elif action == "note":
        note = CaseNoteForm(request.POST)
        if not note.is_valid():
            raise InvalidInput(_("Write a note of up to 4,000 characters."))
        services.case_add_note(actor=user, report_id=report_id, text=note.cleaned_data["text"])
    elif action in ("paused", "ended_early"):
        services.case_change_relationship(actor=user, report_id=report_id, to=action)
    else:
        raise InvalidInput(_("Unknown action."))
    messages.success(request, _("Saved to the case."))
    return redirect("safety:case", report_id=report_id)
