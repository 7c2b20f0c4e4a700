from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from kindred.accounts.models import User
from kindred.guides import selectors, services
from kindred.guides.bank import LEVELS
from kindred.guides.forms import OwnQuestionForm, ProgrammeQuestionForm
from kindred.guides.models import Question
from kindred.guides.tips import (
    FIRST_MEETING_GUIDE,
    PEER_FIRST_MEETING,
    PEER_GUIDE,
    REVERSE_GUIDE,
)
from kindred.lib.errors import InvalidInput
from kindred.lib.forms import saved
from kindred.lib.http import authenticated_user, posted
from kindred.programs.models import Programme
from kindred.programs.policies import require_programme_manager
from kindred.programs.selectors import programme_for_viewer
from kindred.relationships.selectors import relationship_for_pair, side_of


@login_required
def guide(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    form = OwnQuestionForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: services.question_add_own(
                actor=user,
                relationship=relationship,
                text=form.cleaned_data["text"],
                level=form.cleaned_data["level"],
            ),
        )
    ):
        messages.success(request, _("Added to your guide; only the two of you see it."))
        return redirect("guides:guide", relationship_id=relationship.pk)
    current = selectors.guide_for(relationship)
    is_mentor = side_of(user, relationship) == "mentor"
    # Peers lead in turn: each reads what a mentor would.
    leads = is_mentor or relationship.peer
    return render(
        request,
        "guides/guide.html",
        {
            "relationship": relationship,
            "guide": current,
            "levels": LEVELS,
            "is_mentor": is_mentor,
            "leads": leads,
            "first_meeting": (PEER_FIRST_MEETING if relationship.peer else FIRST_MEETING_GUIDE)
            if current.meetings_held == 0
            else (),
            "peer_tips": PEER_GUIDE if relationship.peer else (),
            "reverse_tips": REVERSE_GUIDE["mentor" if is_mentor else "mentee"]
            if relationship.programme.is_reverse
            else (),
            "form": form,
        },
    )


@login_required
@require_POST
def record(request: HttpRequest, relationship_id: int, question_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    outcome = request.POST.get("outcome", "")
    services.question_record(
        actor=user,
        relationship=relationship,
        question_id=question_id,
        outcome=outcome,
        meeting_id=selectors.latest_meeting_id(relationship),
    )
    messages.success(
        request, _("Noted.") if outcome == "asked" else _("Skipped; it will not come back.")
    )
    return redirect("guides:guide", relationship_id=relationship.pk)


def _managed_programme(request: HttpRequest, slug: str) -> tuple[User, Programme]:
    user = authenticated_user(request)
    programme = programme_for_viewer(user, slug)
    require_programme_manager(
        user, programme, gettext_noop("edit its conversation guide"), hide=True
    )
    return user, programme


@login_required
def bank(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's own questions (managers add, edit, retire) beside the
    shared bank they build on."""
    user, programme = _managed_programme(request, slug)
    form = ProgrammeQuestionForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: services.question_add(
                actor=user,
                programme=programme,
                text=form.cleaned_data["text"],
                level=form.cleaned_data["level"],
                tags=form.tag_list(),
            ),
        )
    ):
        messages.success(request, _("Added; pairs in the programme can be offered it now."))
        return redirect("guides:bank", slug=programme.slug)
    own = Question.objects.filter(programme=programme, relationship__isnull=True)
    shared = Question.objects.filter(
        programme__isnull=True, relationship__isnull=True, retired=False
    )
    return render(
        request,
        "guides/bank.html",
        {
            "programme": programme,
            "own": list(own),
            "shared": list(shared),
            "levels": LEVELS,
            "form": form,
        },
    )


@login_required
@require_POST
def edit(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    user, programme = _managed_programme(request, slug)
    if "retired" in request.POST:
        services.question_set_retired(
            actor=user,
            programme=programme,
            question_id=question_id,
            retired=request.POST["retired"] == "1",
        )
        messages.success(request, _("Updated."))
        return redirect("guides:bank", slug=programme.slug)
    form = ProgrammeQuestionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Give the question, its depth (1 to 4) and any tags."))
    services.question_edit(
        actor=user,
        programme=programme,
        question_id=question_id,
        text=form.cleaned_data["text"],
        level=form.cleaned_data["level"],
        tags=form.tag_list(),
    )
    messages.success(request, _("Saved."))
    return redirect("guides:bank", slug=programme.slug)
