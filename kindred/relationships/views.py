from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindred.lib.confirm import Question, asked_first, question
from kindred.lib.errors import DomainError, InvalidInput
from kindred.lib.forms import add_domain_error, saved
from kindred.lib.http import authenticated_user, posted
from kindred.programs.selectors import programme_for_manager
from kindred.relationships import selectors, services
from kindred.relationships.forms import (
    AgreementForm,
    CloseOutForm,
    ObjectiveForm,
    ProgressForm,
    RoleForm,
    StatusForm,
)
from kindred.relationships.models import CloseOut, Relationship, SkillRating
from kindred.relationships.policies import require_pair_member


@login_required
def agreement_edit(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_viewer(user, relationship_id)
    require_pair_member(user, relationship, _("draft and sign its agreement"))
    current = selectors.agreement_current(relationship)
    start = (
        {name: getattr(current, name) for name in current.TERMS}
        if current
        else selectors.agreement_defaults(relationship)
    )
    if request.GET.get("from") == "profiles":  # bring changed profile boundaries in
        start.update(selectors.off_limits_from_profiles(relationship))
    form = AgreementForm(
        posted(request),
        initial=AgreementForm.initial_from(start),
        names=(relationship.mentor.display_name, relationship.mentee.display_name),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_save_draft(actor=user, relationship=relationship, terms=form.terms())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved the draft. Both of you now sign it."))
            return redirect(
                "pages:relationship_section", relationship_id=relationship.pk, name="agreement"
            )
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
        request,
        _("Signed.") + (_(" The agreement is now in force.") if agreement.is_signed else ""),
    )
    return redirect("pages:relationship_section", relationship_id=relationship.pk, name="agreement")


@question("relationship-status")
def status_question(relationship: Relationship, to: str) -> Question | None:
    """Pausing or closing a relationship is asked about; resuming is not."""
    pair = _("%(mentor)s and %(mentee)s") % {
        "mentor": relationship.mentor.display_name,
        "mentee": relationship.mentee.display_name,
    }
    if to == Relationship.Status.PAUSED:
        return Question(
            _("Pause the relationship of %(pair)s?") % {"pair": pair},
            _("Nudges and pulse surveys wait until it is resumed; you can resume it at any time."),
            _("Pause"),
        )
    if to in (Relationship.Status.COMPLETED, Relationship.Status.ENDED_EARLY):
        completed = to == Relationship.Status.COMPLETED
        return Question(
            _("Close the relationship of %(pair)s?") % {"pair": pair},
            _("This will mark it completed, for both people. It cannot be reopened.")
            if completed
            else _("This will end it early, for both people. It cannot be reopened."),
            _("Mark completed") if to == Relationship.Status.COMPLETED else _("End early"),
        )
    return None


def _viewed(request: HttpRequest, relationship_id: int) -> Relationship:
    return selectors.relationship_for_viewer(authenticated_user(request), relationship_id)


@login_required
@require_POST
@asked_first("relationship-status", load=_viewed, choice="to")
def change_status(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_viewer(user, relationship_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose what to do with the relationship."))
    services.relationship_change_status(
        actor=user,
        relationship=relationship,
        to=form.cleaned_data["to"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Updated the relationship."))
    return redirect("pages:relationship_section", relationship_id=relationship.pk, name="agreement")


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
        messages.success(request, _("Added. Update its progress as you go."))
        return redirect("relationships:objectives", relationship_id=relationship.pk)
    mine = SkillRating.objects.filter(objective__relationship=relationship, rater=user)
    ratings = {(r.objective_id, r.moment): r.rating for r in mine}
    objectives = list(relationship.objectives.prefetch_related("updates__by"))
    return render(
        request,
        "relationships/objectives.html",
        {
            "relationship": relationship,
            "objectives": [
                (o, ratings.get((o.pk, "start")), ratings.get((o.pk, "end"))) for o in objectives
            ],
            "form": form,
            "is_mentee": relationship.mentee_id == user.pk,
            "end_open": selectors.end_rating_open(relationship, today=timezone.now().date()),
            "scale": selectors.SCALE,
        },
    )


@login_required
def close_out(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """One's own close-out: private, and open once the relationship or its
    programme has ended."""
    user = authenticated_user(request)
    relationship = selectors.relationship_for_pair(user, relationship_id)
    mine = CloseOut.objects.filter(relationship=relationship, person=user).first()
    form = CloseOutForm(
        posted(request),
        ended_early=relationship.status == Relationship.Status.ENDED_EARLY,
        initial=_close_out_answers(mine),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: services.close_out_submit(
                actor=user, relationship=relationship, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Thank you. Only you see what you wrote."))
        return redirect("pages:relationship", relationship_id=relationship.pk)
    return render(
        request,
        "relationships/close_out.html",
        {
            "relationship": relationship,
            "form": form,
            "open": selectors.close_out_open(relationship, today=timezone.now().date()),
            "answered": mine is not None,
        },
    )


def _close_out_answers(mine: CloseOut | None) -> dict[str, object] | None:
    """One's earlier close-out, to change it."""
    if mine is None:
        return None
    return {
        "what_changed": mine.what_changed,
        "recommend": "yes" if mine.recommend else "no",
        "mentor_next": mine.mentor_next,
        "ended_early_why": mine.ended_early_why,
    }


@login_required
@require_POST
def objective_rating(request: HttpRequest, relationship_id: int, objective_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_pair(user, relationship_id)
    raw = request.POST.get("rating", "")
    services.skill_rate(
        actor=user,
        relationship=relationship,
        objective_id=objective_id,
        moment=request.POST.get("moment", ""),
        rating=int(raw) if raw.isdigit() else 0,  # the service says what a rating is
    )
    messages.success(request, _("Rating saved. Only you see it."))
    return redirect("relationships:objectives", relationship_id=relationship.pk)


@login_required
@require_POST
def objective_progress(
    request: HttpRequest, relationship_id: int, objective_id: int
) -> HttpResponse:
    user = authenticated_user(request)
    relationship = selectors.relationship_for_pair(user, relationship_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Progress is a percentage from 0 to 100."))
    services.objective_progress(
        actor=user,
        relationship=relationship,
        objective_id=objective_id,
        progress=form.cleaned_data["progress"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Progress saved."))
    return redirect("relationships:objectives", relationship_id=relationship.pk)


@login_required
@require_POST
def participant_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """A manager changes a participant's role from the participants list,
    and is brought back to the list as they left it."""
    user = authenticated_user(request)
    programme = programme_for_manager(user, slug)
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose mentor or mentee."))
    try:
        changed = services.membership_change_role(
            actor=user, programme=programme, membership_id=membership_id,
            role=form.cleaned_data["role"],
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(display_name)s is now a %(get_role_display)s.")
            % {
                "display_name": changed.user.display_name,
                "get_role_display": changed.get_role_display().lower(),
            },
        )
    back = QueryDict(request.POST.get("back", "")).urlencode()
    url = reverse("programs:participants", args=[programme.slug])
    return redirect(url + (f"?{back}" if back else "") + f"#member-{membership_id}")
