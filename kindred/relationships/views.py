from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kindred.accounts.models import User
from kindred.commitments.forms import CommitmentForm
from kindred.commitments.selectors import (
    commitments_of,
    is_overdue,
    ledgers,
    meetings_to_link,
)
from kindred.health.selectors import latest_health, pair_trend
from kindred.health.services import survey_due
from kindred.lib.charts import Chart
from kindred.lib.errors import DomainError, Forbidden, InvalidInput
from kindred.lib.forms import add_domain_error, saved
from kindred.lib.http import authenticated_user, posted
from kindred.lib.timezones import local_today
from kindred.matching.selectors import pair_similarities
from kindred.meetings.forms import ProposeForm
from kindred.meetings.models import Meeting
from kindred.meetings.selectors import initiative, reliability
from kindred.messaging.selectors import unread_count
from kindred.profiles.selectors import upcoming_time_off
from kindred.programs.selectors import can_manage
from kindred.projects.selectors import milestone_figures, projects_of
from kindred.relationships import selectors, services
from kindred.relationships.forms import AgreementForm, ObjectiveForm, ProgressForm, StatusForm
from kindred.relationships.models import Agreement, Relationship
from kindred.safety.selectors import checkins_due


@login_required
def detail(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_viewer(user, relationship_id, with_profiles=True)
    current = services.agreement_current(relationship)
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(relationship=relationship)
        .select_related("proposed_by", "cancelled_by")
        .order_by("start")
    )
    with services.agreements_remembered():
        context = _detail_context(user, relationship, current, meetings, now)
    return render(request, "relationships/detail.html", context)


def _detail_context(
    user: User,
    relationship: Relationship,
    current: Agreement | None,
    meetings: list[Meeting],
    now: dt.datetime,
) -> dict[str, object]:
    return {
        "relationship": relationship,
        "in_pair": selectors.in_pair(user, relationship),
        "may_change_status": selectors.in_pair(user, relationship)
        or can_manage(user, relationship.programme),
        "agreement": current,
        "in_force": services.agreement_in_force(relationship),
        "changes": services.agreement_changes(current) if current else [],
        "events": relationship.events.select_related("actor"),
        "boundaries_drifted": selectors.in_pair(user, relationship)
        and services.boundaries_drifted(relationship, user),
        "signed_by_me": current is not None
        and getattr(current, f"{selectors.side_of(user, relationship)}_signed_at", None)
        is not None,
        **_meetings_context(user, relationship, meetings, now),
        **_trust_context(user, relationship, meetings, now),
    }


def _trust_context(
    user: User, relationship: Relationship, meetings: list[Meeting], now: dt.datetime
) -> dict[str, object]:
    """Follow-through, reliability and initiative for both people. Managers
    see the figures; only the pair sees what each commitment says."""
    pair = selectors.in_pair(user, relationship)
    commitments = list(commitments_of(relationship))
    ledger = ledgers(relationship, now=now, commitments=commitments)
    steady = reliability(relationship, meetings)
    people = [
        {"person": p, "ledger": ledger[p.pk], "reliability": steady[p.pk]}
        for p in (relationship.mentor, relationship.mentee)
    ]
    return {
        "trust_people": people,
        "initiative": initiative(relationship, meetings, now=now),
        "commitments": commitments if pair else [],
        "overdue_ids": {
            c.pk for c in commitments if is_overdue(c, local_today(c.owner.timezone, now))
        },
        "commitment_form": CommitmentForm(
            relationship=relationship,
            meetings=meetings_to_link(relationship, now=now, meetings=meetings),
            zone=user.timezone,
        )
        if pair
        else None,
        "unread": unread_count(user, relationship) if pair else 0,
        "checkins_due": checkins_due(user, relationship, now=now) if pair else [],
        "boundaries": [
            (person, services.boundary_summary_for(relationship, person))
            for person in (relationship.mentor, relationship.mentee)
        ]
        if pair
        else [],
        "project_figures": milestone_figures(list(projects_of(relationship))),
        **_health_context(user, relationship, pair, now),
    }


def _health_context(
    user: User, relationship: Relationship, pair: bool, now: dt.datetime
) -> dict[str, object]:
    """The pair sees its behaviour-only trend; managers the full latest score."""
    trend = pair_trend(relationship) if pair else []
    latest = latest_health(relationship)
    chart = Chart(
        "pair-health",
        "Your relationship's health",
        "Week by week, from keeping the cadence, follow-through, meetings and replies.",
        "Score",
        [f"{s.on:%d %b}" for s in trend],
        {"Health": [s.pair_score for s in trend]},
        kind="line",
        y_max=100,
    )
    return {
        "health_chart": chart if pair and trend else None,
        "health_latest": latest,
        "survey_due": survey_due(relationship, user, today=now.date()) if pair else None,
    }


TIME_OFF_SHOWN = dt.timedelta(weeks=8)


def _meetings_context(
    user: User, relationship: Relationship, meetings: list[Meeting], now: dt.datetime
) -> dict[str, object]:
    """Meetings with both people's local times (the pair asks for suggested
    times from the meetings card: meetings.views.suggestions)."""
    partner = selectors.partner_of(user, relationship)
    mine, theirs = zoneinfo.ZoneInfo(user.timezone), zoneinfo.ZoneInfo(partner.timezone)

    def row(m: Meeting) -> dict[str, object]:
        return {
            "meeting": m,
            "mine": m.start.astimezone(mine),
            "theirs": m.start.astimezone(theirs),
        }

    def upcoming(m: Meeting) -> bool:
        return m.status in Meeting.OPEN and m.end > now

    pair = selectors.in_pair(user, relationship)
    return {
        "upcoming": [row(m) for m in meetings if upcoming(m)],
        "past": [row(m) for m in meetings if not upcoming(m)],
        "partner": partner,
        "now": now,
        "propose_form": ProposeForm(),
        # Only the pair sees each other's time off, and only what is coming up.
        "time_off": [
            (person, entry)
            for person in (relationship.mentor, relationship.mentee)
            for entry in upcoming_time_off(person)
            if entry.first_day <= now.date() + TIME_OFF_SHOWN
        ]
        if pair
        else [],
    }


@login_required
def agreement_edit(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_viewer(user, relationship_id)
    if not selectors.in_pair(user, relationship):
        raise Forbidden("Only the two people in the relationship draft its agreement.")
    current = services.agreement_current(relationship)
    start = (
        {name: getattr(current, name) for name in current.TERMS}
        if current
        else services.agreement_defaults(relationship)
    )
    if request.GET.get("from") == "profiles":  # bring changed profile boundaries in
        start.update(services.off_limits_from_profiles(relationship))
    form = AgreementForm(posted(request), initial=AgreementForm.initial_from(start))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_save_draft(actor=user, relationship=relationship, terms=form.terms())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Saved the draft. Both of you now sign it.")
            return redirect("relationships:detail", relationship_id=relationship.pk)
    return render(
        request, "relationships/agreement_form.html", {"relationship": relationship, "form": form}
    )


@login_required
@require_POST
def agreement_sign(request: HttpRequest, relationship_id: int, agreement_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_viewer(user, relationship_id)
    agreement = services.agreement_sign(
        actor=user, relationship=relationship, agreement_id=agreement_id
    )
    messages.success(
        request, "Signed." + (" The agreement is now in force." if agreement.is_signed else "")
    )
    return redirect("relationships:detail", relationship_id=relationship.pk)


@login_required
@require_POST
def change_status(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_viewer(user, relationship_id)
    if not (selectors.in_pair(user, relationship) or can_manage(user, relationship.programme)):
        raise Forbidden("Only the pair and the programme's managers change a relationship's state.")
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Choose what to do with the relationship.")
    services.relationship_change_status(
        actor=user,
        relationship=relationship,
        to=form.cleaned_data["to"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, "Updated the relationship.")
    return redirect("relationships:detail", relationship_id=relationship.pk)


@login_required
def similarities(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_pair(user, relationship_id)
    return render(
        request,
        "relationships/similarities.html",
        {
            "relationship": relationship,
            "found": pair_similarities(relationship, today=timezone.now().date()),
        },
    )


@login_required
def objectives(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_pair(user, relationship_id)
    form = ObjectiveForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: services.objective_add(
                actor=user, relationship=relationship, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Added. Update its progress as you go.")
        return redirect("relationships:objectives", relationship_id=relationship.pk)
    return render(
        request,
        "relationships/objectives.html",
        {
            "relationship": relationship,
            "objectives": relationship.objectives.prefetch_related("updates__by"),
            "form": form,
        },
    )


@login_required
@require_POST
def objective_progress(
    request: HttpRequest, relationship_id: int, objective_id: int
) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_pair(user, relationship_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Progress is a percentage from 0 to 100.")
    services.objective_progress(
        actor=user,
        relationship=relationship,
        objective_id=objective_id,
        progress=form.cleaned_data["progress"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, "Progress saved.")
    return redirect("relationships:objectives", relationship_id=relationship.pk)
