from __future__ import annotations

import itertools
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.audit import services as audit
from kindred.circles.selectors import dashboard_figures as circle_figures
from kindred.health import selectors, services
from kindred.health.dashboard import insight_charts
from kindred.health.forms import FilterForm, SurveyForm
from kindred.lib.forms import saved
from kindred.lib.http import authenticated_user, posted
from kindred.lib.spreadsheet import csv_download
from kindred.officehours.selectors import programme_figures as office_hour_figures
from kindred.programs.models import Programme
from kindred.relationships.selectors import relationship_for_pair, side_of


def _filters(request: HttpRequest, programme: Programme) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(
        request.GET or None,
        departments=selectors.departments(programme),
        circles=programme.is_circles,
    )
    if form.is_valid():
        return form, selectors.Filters(
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            department=form.cleaned_data["department"] or "",
        )
    return form, selectors.Filters()


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = selectors.programme_for_insights(user, slug)
    form, filters = _filters(request, programme)
    circles = circle_figures(programme) if programme.is_circles else None
    return render(
        request,
        "health/dashboard.html",
        {
            "programme": programme,
            "form": form,
            "charts": [
                chart.shown() for chart in insight_charts(programme, filters, now=timezone.now())
            ],
            "circles": circles,
            "office_hours": office_hour_figures(programme),
            # A circles programme's health is its circles' (read with them once).
            "as_of": circles["scored_on"] if circles else selectors.latest_day(programme),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def at_risk(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = selectors.programme_for_insights(user, slug)
    form, filters = _filters(request, programme)
    page = Paginator(selectors.at_risk(programme, filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "health/at_risk.html",
        {
            "programme": programme,
            "form": form,
            "page": page,
            "as_of": selectors.latest_day(programme),
        },
    )


CSV_COLUMNS = [
    "relationship", "mentor", "mentee", "mentor_department", "mentee_department", "started",
    "status", "health_on", "score", "at_risk", "risks", "cadence", "follow_through",
    "reliability", "responsiveness", "milestones",
]  # fmt: skip


@login_required
def export(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Relationship-level figures. No message, note, check-in or survey
    content; no demographics; the survey and comfort parts are not listed."""
    user = authenticated_user(request)
    programme = selectors.programme_for_insights(user, slug)
    _, filters = _filters(request, programme)
    audit.record(
        audit.Action.EXPORT,
        programme=programme,
        target="relationships.csv",
        detail=request.GET.urlencode()[:300],
    )
    rows: Iterable[Iterable[object]] = itertools.chain(
        [CSV_COLUMNS], selectors.export_rows(programme, filters)
    )
    return csv_download(rows, f"{programme.slug}-relationships.csv")


@login_required
def survey(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    role = side_of(user, relationship) or "mentee"
    due = selectors.survey_due(relationship, user, today=timezone.now().date())
    form = SurveyForm(posted(request), role=role)
    if (
        due is not None
        and request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: services.survey_submit(
                actor=user, relationship=relationship, round_day=due, answers=form.answers()
            ),
        )
    ):
        messages.success(
            request, _("Thank you. Your answers are yours; your partner never sees them.")
        )
        return redirect("pages:relationship", relationship_id=relationship.pk)
    return render(
        request,
        "health/survey.html",
        {"relationship": relationship, "form": form, "due": due, "role": role},
    )
