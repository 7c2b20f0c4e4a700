from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from kindred.accounts.models import User
from kindred.lib.errors import InvalidInput, NotFound
from kindred.lib.forms import saved
from kindred.lib.http import authenticated_user, posted
from kindred.lib.ids import parse_id
from kindred.programs.selectors import programme_for_viewer
from kindred.projects import selectors, services
from kindred.projects.forms import (
    DeliverableForm,
    FeedbackForm,
    MilestoneForm,
    ProjectForm,
    ShowcaseForm,
)
from kindred.projects.models import Deliverable, Project
from kindred.projects.teams import Team

# Each page works from a `Team`; the pair's pages below and the circle's
# (in kindred.circles) only say which team it is.


def team_projects(request: HttpRequest, team: Team) -> HttpResponse:
    user = authenticated_user(request)
    form = ProjectForm(posted(request), skills=selectors.skills_for(team.programme))
    if request.method == "POST":
        team.require_member(user, gettext_noop("start its projects"))
        if form.is_valid() and saved(
            form,
            lambda: services.project_create(actor=user, team=team, **form.cleaned_data),
        ):
            messages.success(request, _("Project started. Add its milestones next."))
            return redirect(team.routes.list, team.key)
    found = list(selectors.projects_of_team(team))
    return render(
        request,
        "projects/list.html",
        {
            "team": team,
            "projects": found,
            "figures": selectors.milestone_figures(found),
            "form": form,
            "in_team": team.has(user),
        },
    )


# The page holds several forms, one feedback form per milestone and per
# deliverable: each gets ids of its own (names stay the same) so every
# label points at its own field.


def _milestone_form(team: Team, data: Any = None) -> MilestoneForm:
    form = MilestoneForm(data, auto_id="milestone-%s")
    form.fields["owner"].choices = [  # type: ignore[attr-defined]
        (member.pk, member.display_name) for member in team.members
    ]
    return form


def _showcase_form(project: Project, data: Any = None) -> ShowcaseForm:
    form = ShowcaseForm(data, initial={"summary": project.showcase_summary}, auto_id="showcase-%s")
    form.fields["deliverable"].choices = [  # type: ignore[attr-defined]
        (d.pk, d.title) for d in project.deliverables.all()
    ]
    return form


def team_project(request: HttpRequest, team: Team, project_id: int) -> HttpResponse:
    user = authenticated_user(request)
    project = selectors.project_in(team, project_id)
    for milestone in project.milestones.all():
        milestone.feedback_form = FeedbackForm(auto_id=f"m{milestone.pk}-%s")  # type: ignore[attr-defined]
    for deliverable in project.deliverables.all():
        deliverable.feedback_form = FeedbackForm(auto_id=f"d{deliverable.pk}-%s")  # type: ignore[attr-defined]
    return render(
        request,
        "projects/detail.html",
        {
            "team": team,
            "project": project,
            "in_team": team.has(user),
            "milestone_form": _milestone_form(team),
            "deliverable_form": DeliverableForm(auto_id="deliverable-%s"),
            "showcase_form": _showcase_form(project),
            "statuses": Project.Status.choices,
        },
    )


def team_act(request: HttpRequest, team: Team, project_id: int) -> HttpResponse:
    """Every change to a project, by the team: which one is `action`."""
    user = authenticated_user(request)
    team.require_member(user, gettext_noop("work on its projects"))
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise InvalidInput(_("Unknown action."))
    message = action(request, user, team, project_id)
    messages.success(request, message)
    return redirect(team.routes.detail, team.key, project_id)


def _valid(form: forms.Form) -> dict[str, Any]:
    """The form's data, or a clear error naming each field that is wrong."""
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label if name in form.fields else 'form'}: "
            + " ".join(str(e) for e in errors)
            for name, errors in form.errors.items()
        )
        raise InvalidInput(_("Please check the form. %(problems)s") % {"problems": problems})
    return dict(form.cleaned_data)


def _id(request: HttpRequest, name: str) -> int | None:
    return parse_id(request.POST.get(name, ""))


def _add_milestone(request: HttpRequest, user: User, team: Team, pid: int) -> str:
    data = _valid(_milestone_form(team, request.POST))
    services.milestone_add(
        actor=user,
        team=team,
        project_id=pid,
        title=str(data["title"]),
        due_date=data["due_date"],
        owner_id=int(str(data["owner"])),
    )
    return _("Milestone added.")


def _milestone_done(request: HttpRequest, user: User, team: Team, pid: int) -> str:
    services.milestone_done(actor=user, team=team, milestone_id=_id(request, "milestone") or 0)
    return _("Milestone done.")


def _add_deliverable(request: HttpRequest, user: User, team: Team, pid: int) -> str:
    form = DeliverableForm(request.POST, request.FILES)
    data = _valid(form)
    services.deliverable_add(
        actor=user,
        team=team,
        project_id=pid,
        title=str(data["title"]),
        link=str(data.get("link") or ""),
        upload=request.FILES.get("file"),
        milestone_id=_id(request, "milestone"),
    )
    return _("Deliverable added.")


def _give_feedback(request: HttpRequest, user: User, team: Team, pid: int) -> str:
    data = _valid(FeedbackForm(request.POST))
    services.feedback_give(
        actor=user,
        team=team,
        project_id=pid,
        worked=str(data["worked"]),
        improve=str(data["improve"]),
        try_next=str(data["try_next"]),
        deliverable_id=_id(request, "deliverable"),
        milestone_id=_id(request, "milestone"),
    )
    return _("Feedback sent; the others will be told.")


def _set_status(request: HttpRequest, user: User, team: Team, pid: int) -> str:
    services.project_set_status(
        actor=user, team=team, project_id=pid, status=request.POST.get("status", "")
    )
    return _("Status updated.")


def _submit(request: HttpRequest, user: User, team: Team, pid: int) -> str:
    project = selectors.project_in(team, pid)
    data = _valid(_showcase_form(project, request.POST))
    services.showcase_submit(
        actor=user,
        team=team,
        project_id=pid,
        summary=str(data["summary"]),
        deliverable_id=int(str(data["deliverable"])),
    )
    return _("Submitted to the showcase.")


ACTIONS: dict[str, Callable[[HttpRequest, User, Team, int], str]] = {
    "milestone": _add_milestone,
    "milestone_done": _milestone_done,
    "deliverable": _add_deliverable,
    "feedback": _give_feedback,
    "status": _set_status,
    "showcase": _submit,
}


def team_download(
    request: HttpRequest, team: Team, project_id: int, deliverable_id: int
) -> FileResponse:
    """A deliverable file, always as a download with our own content type, so
    no browser renders or runs it."""
    deliverable = Deliverable.objects.filter(
        pk=deliverable_id, project_id=project_id, project__in=team.projects()
    ).first()
    if deliverable is None or not deliverable.file:
        raise NotFound(_("No such file."))
    response = FileResponse(
        deliverable.file.open("rb"),
        as_attachment=True,
        filename=deliverable.file_name,
        content_type=deliverable.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- a pair's projects ------------------------------------------------------------


def _pair(request: HttpRequest, relationship_id: int) -> Team:
    return selectors.pair_team_for(authenticated_user(request), relationship_id)


@login_required
def projects(request: HttpRequest, relationship_id: int) -> HttpResponse:
    return team_projects(request, _pair(request, relationship_id))


@login_required
def detail(request: HttpRequest, relationship_id: int, project_id: int) -> HttpResponse:
    return team_project(request, _pair(request, relationship_id), project_id)


@login_required
@require_POST
def act(request: HttpRequest, relationship_id: int, project_id: int) -> HttpResponse:
    return team_act(request, _pair(request, relationship_id), project_id)


@login_required
def download(
    request: HttpRequest, relationship_id: int, project_id: int, deliverable_id: int
) -> FileResponse:
    return team_download(request, _pair(request, relationship_id), project_id, deliverable_id)


@login_required
def showcase(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = programme_for_viewer(user, slug)
    return render(
        request,
        "projects/showcase.html",
        {"programme": programme, "projects": selectors.showcase_of(user, programme)},
    )
