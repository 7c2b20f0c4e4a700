from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindred.development import assessment
from kindred.development import selectors as development_read
from kindred.development import services as development_write
from kindred.development.modules import MODULES
from kindred.development.requirements import required_of_person
from kindred.lib.forms import saved
from kindred.lib.http import authenticated_user, is_htmx, posted
from kindred.practice import selectors, services
from kindred.practice.forms import ProgrammeModulesForm, ScenarioForm, SelfAssessmentForm
from kindred.practice.practice import practice_of
from kindred.practice.steps import sections
from kindred.programs.selectors import in_reverse_programme, programme_for_manager


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    progress = development_read.progress_of(user)
    return render(
        request,
        "practice/home.html",
        {
            "modules": [(m, progress.get(m.key)) for m in MODULES],
            "required": required_of_person(user, now=timezone.now()),
            "is_mentor": selectors.is_mentor(user),
            "assessments": len(selectors.assessments_of(user)),
        },
    )


@login_required
def module(request: HttpRequest, key: str) -> HttpResponse:
    """The module; answering its scenario (HTMX swaps the feedback in)."""
    user = authenticated_user(request)
    found = development_read.module_or_404(key)
    form = ScenarioForm(posted(request), module=found)
    answered = (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: development_write.module_answer(
                actor=user, key=key, choice=form.cleaned_data["choice"]
            ),
        )
    )
    if answered and not is_htmx(request):
        return redirect(f"{request.path}#scenario")
    progress = development_read.progress_of(user).get(key)
    if progress and progress.scenario_choice and not form.is_bound:
        form = ScenarioForm(initial={"choice": progress.scenario_choice}, module=found)
    context = {
        "module": found,
        "form": form,
        "progress": progress,
        "chosen": found.scenario.choice(progress.scenario_choice) if progress else None,
        "notes": development_read.notes_for(user, key),
        "reverse": bool(found.in_reverse) and in_reverse_programme(user),
        "next_module": next((m for m in MODULES[MODULES.index(found) + 1 :]), None),
    }
    template = "practice/module.html#scenario" if is_htmx(request) else "practice/module.html"
    return render(request, template, context)


@login_required
@require_POST
def module_done(request: HttpRequest, key: str) -> HttpResponse:
    user = authenticated_user(request)
    found = development_read.module_or_404(key)
    development_write.module_complete(actor=user, key=key)
    messages.success(
        request,
        _("“%(skill)s” is marked done. Try one of its practices this week.")
        % {"skill": found.skill},
    )
    return redirect("practice:module", key=key)


@login_required
def self_assessment(request: HttpRequest) -> HttpResponse:
    """The mentor's profile, how it changed, and the gap to the mentee view."""
    user = authenticated_user(request)
    taken = selectors.assessments_of(user)
    gaps = {
        gap.area: gap
        for gap in assessment.gaps(
            taken[-1].areas if taken else {}, selectors.mentee_view(user, now=timezone.now())
        )
    }
    rows = [
        {
            "area": _(name),
            "latest": taken[-1].areas.get(area) if taken else None,
            "first": taken[0].areas.get(area) if len(taken) > 1 else None,
            "gap": gaps.get(area),
        }
        for area, name in assessment.AREA_NAMES.items()
    ]
    return render(
        request,
        "practice/self_assessment.html",
        {
            "is_mentor": selectors.is_mentor(user),
            "taken": taken,
            "rows": rows,
            "compared": bool(gaps) and bool(taken),
            # A column of numbers only where some area pools three ratings or more.
            "numbers": any(g.mentee_view_shown is not None for g in gaps.values()),
        },
    )


@login_required
def self_assessment_new(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = SelfAssessmentForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(form, lambda: services.self_assessment_submit(actor=user, answers=form.answers()))
    ):
        messages.success(request, _("Saved. Only you can see your self-assessment."))
        return redirect("practice:self_assessment")
    return render(
        request,
        "practice/self_assessment_form.html",
        {"form": form, "is_mentor": selectors.is_mentor(user)},
    )


@login_required
def practice(request: HttpRequest) -> HttpResponse:
    """The person's own figures per skill, as mentor and as mentee."""
    user = authenticated_user(request)
    now = timezone.now()
    figures = [practice_of(user, side, now=now) for side in ("mentor", "mentee")]
    sides = [
        (p.side, sections(p))
        for p in figures
        if p.relationships or (p.side == "mentor" and selectors.is_mentor(user))
    ]
    return render(request, "practice/practice.html", {"sides": sides})


@login_required
def programme_modules(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = programme_for_manager(user, slug)
    form = ProgrammeModulesForm(
        posted(request), current=development_read.programme_settings(programme)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: development_write.programme_modules_set(
                actor=user, programme=programme, settings=form.settings()
            ),
        )
    ):
        messages.success(request, _("Saved the programme's practice modules."))
        return redirect("practice:programme_modules", slug=programme.slug)
    return render(
        request, "practice/programme_modules.html", {"programme": programme, "form": form}
    )
