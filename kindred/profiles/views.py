from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindred.accounts.models import User
from kindred.lib.errors import DomainError, NotFound
from kindred.lib.forms import add_domain_error, saved
from kindred.lib.http import authenticated_user, posted
from kindred.profiles import instruments, logistics, selectors, services
from kindred.profiles.forms import (
    BlockFormSet,
    BoundariesForm,
    CallingForm,
    DemographicsForm,
    LogisticsForm,
    PersonalityForm,
    TimeOffForm,
    ValuesForm,
    block_initial,
)
from kindred.profiles.models import REQUIRED_STEPS, IntakeStep, Profile
from kindred.programs.models import Membership
from kindred.programs.selectors import memberships_of


@dataclass(frozen=True)
class StepContext:
    request: HttpRequest
    user: User
    profile: Profile

    @property
    def data(self) -> Any:
        return self.request.POST if self.request.method == "POST" else None


def _roles(user: User) -> set[str]:
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def _values(ctx: StepContext) -> tuple[forms.BaseForm, Callable[[], None]]:
    form = ValuesForm(ctx.data, profile=ctx.profile)

    def save() -> None:
        services.profile_save_values(actor=ctx.user, ratings=form.ratings())

    return form, save


def _personality(ctx: StepContext) -> tuple[forms.BaseForm, Callable[[], None]]:
    form = PersonalityForm(ctx.data, profile=ctx.profile)

    def save() -> None:
        services.profile_save_personality(actor=ctx.user, answers=form.answers())

    return form, save


def _calling(ctx: StepContext) -> tuple[forms.BaseForm, Callable[[], None]]:
    profile = ctx.profile
    initial = {
        "calling": profile.calling,
        "career_dreams": profile.career_dreams,
        "goals": list(profile.goals.all()) if profile.pk else [],
        "skills_sought": list(profile.skills_sought.all()) if profile.pk else [],
        "skills_offered": list(profile.skills_offered.all()) if profile.pk else [],
    }
    form = CallingForm(ctx.data, initial=initial, user=ctx.user, roles=_roles(ctx.user))

    def save() -> None:
        services.profile_save_calling(
            actor=ctx.user,
            calling=form.cleaned_data["calling"],
            career_dreams=form.cleaned_data.get("career_dreams", ""),
            goal_ids=form.topic_ids("goals"),
            skills_sought_ids=form.topic_ids("skills_sought"),
            skills_offered_ids=form.topic_ids("skills_offered"),
        )

    return form, save


def _logistics(ctx: StepContext) -> tuple[forms.BaseForm, Callable[[], None]]:
    form = LogisticsForm(ctx.data, user=ctx.user, profile=ctx.profile)

    def save() -> None:
        data = form.cleaned_data
        services.profile_save_logistics(
            actor=ctx.user,
            zone=data["timezone"],
            languages=data["languages"],
            working_windows=data["working_windows"],
            sync_channels=data["sync_channels"],
            async_channels=data["async_channels"],
        )

    return form, save


class BoundariesStepForm(BoundariesForm):
    """The boundaries form with its formset of recurring blocks attached,
    so the step machinery can treat it as one form."""

    def __init__(self, data: Any, *, profile: Profile) -> None:
        quiet = profile.quiet_hours or {}
        super().__init__(
            data,
            initial={
                "quiet_start": quiet.get("start"),
                "quiet_end": quiet.get("end"),
                "topics_off_limits": "\n".join(profile.topics_off_limits),
                "camera_optional": profile.camera_optional,
            },
        )
        self.blocks = BlockFormSet(data, initial=block_initial(profile), prefix="blocks")

    def is_valid(self) -> bool:
        return super().is_valid() & self.blocks.is_valid()

    def block_list(self) -> list[dict[str, Any]]:
        return [b for b in (f.block() for f in self.blocks.forms) if b is not None]


def _boundaries(ctx: StepContext) -> tuple[forms.BaseForm, Callable[[], None]]:
    form = BoundariesStepForm(ctx.data, profile=ctx.profile)

    def save() -> None:
        services.profile_save_boundaries(
            actor=ctx.user,
            quiet_hours=form.cleaned_data["quiet_hours"],
            blocks=form.block_list(),
            topics_off_limits=form.cleaned_data["topics"],
            camera_optional=form.cleaned_data["camera_optional"],
        )

    return form, save


def _demographics(ctx: StepContext) -> tuple[forms.BaseForm, Callable[[], None]]:
    current = selectors.demographics_read(
        viewer=ctx.user, subject=ctx.user, channel="web", purpose="own intake"
    )
    form = DemographicsForm(ctx.data, instance=current)

    def save() -> None:
        services.demographics_save(actor=ctx.user, answers=form.cleaned_data, channel="web")

    return form, save


STEP_HANDLERS: dict[str, Callable[[StepContext], tuple[forms.BaseForm, Callable[[], None]]]] = {
    IntakeStep.VALUES: _values,
    IntakeStep.PERSONALITY: _personality,
    IntakeStep.CALLING: _calling,
    IntakeStep.LOGISTICS: _logistics,
    IntakeStep.BOUNDARIES: _boundaries,
    IntakeStep.DEMOGRAPHICS: _demographics,
}
STEP_ORDER = list(IntakeStep)


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    profile = selectors.own_profile(authenticated_user(request))
    step = selectors.next_intake_step(profile)
    if step is None:
        return redirect("profiles:mine")
    return redirect("profiles:intake_step", step=step.value)


@login_required
def intake_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEP_HANDLERS:
        raise NotFound(_("No such intake step."))
    user = authenticated_user(request)
    ctx = StepContext(request, user, selectors.own_profile(user))
    form, save = STEP_HANDLERS[step](ctx)
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            _time_the_step(request, user, IntakeStep(step))
            return _after_step(request, step)
    position = STEP_ORDER.index(IntakeStep(step))
    return render(
        request,
        f"profiles/steps/{step}.html",
        {
            "form": form,
            "step": IntakeStep(step),
            "steps": [(s, s.value in ctx.profile.steps_done) for s in STEP_ORDER],
            "position": position + 1,
            "step_count": len(STEP_ORDER),
            "previous": STEP_ORDER[position - 1] if position else None,
            "opened": _opened(step),
            "length": selectors.intake_length(),
            "instrument": _instrument_source(),
        },
    )


def _instrument_source() -> dict[str, object]:
    """Whose wording of the TIPI the reader sees, and whether it is a
    published, validated translation (said on the page when it is not)."""
    citation, validated = instruments.tipi_source(get_language())
    return {"citation": citation, "validated": validated, "english": get_language() == "en-gb"}


# When a step's page was opened travels signed in its form, so how long the
# step took is known when it is saved, with nothing stored on a GET.
STEP_CLOCK_SALT = "kindred.intake.step-opened"


def _opened(step: str) -> str:
    return signing.dumps({"step": step, "at": time.time()}, salt=STEP_CLOCK_SALT)


def _time_the_step(request: HttpRequest, user: User, step: IntakeStep) -> None:
    try:
        opened = signing.loads(request.POST.get("opened", ""), salt=STEP_CLOCK_SALT, max_age=3600)
    except signing.BadSignature:
        return  # an old form, or none: the step is simply not timed
    if opened.get("step") == step.value:
        seconds = time.time() - float(opened["at"])
        services.profile_record_step_time(actor=user, step=step, seconds=seconds)


def _after_step(request: HttpRequest, step: str) -> HttpResponse:
    messages.success(request, _("Saved “%(step)s”.") % {"step": IntakeStep(step).label})
    position = STEP_ORDER.index(IntakeStep(step))
    finished = selectors.own_profile(authenticated_user(request)).intake_complete
    if finished and (IntakeStep(step) == REQUIRED_STEPS[-1] or position + 1 == len(STEP_ORDER)):
        return redirect("profiles:intake_done")
    if "save_exit" in request.POST or position + 1 == len(STEP_ORDER):
        return redirect("profiles:mine")
    return redirect("profiles:intake_step", step=STEP_ORDER[position + 1].value)


@login_required
def intake_done(request: HttpRequest) -> HttpResponse:
    """What happens next, once the intake is complete: per programme, when
    matching or the programme begins, and what the person can do meanwhile."""
    user = authenticated_user(request)
    profile = selectors.own_profile(user)
    if not profile.intake_complete:
        return redirect("profiles:intake")
    return render(
        request,
        "profiles/intake_done.html",
        {"memberships": memberships_of(user), "optional": selectors.next_intake_step(profile)},
    )


def _profile_page(request: HttpRequest, profile: Profile, *, own: bool) -> HttpResponse:
    return render(
        request,
        "profiles/profile.html",
        {
            "person": profile.user,
            "profile": profile,
            "own": own,
            "big_five": selectors.big_five_summary(profile),
            "values": selectors.values_summary(profile),
            "windows": [
                (name, logistics.format_day_windows(profile.working_windows, day))
                for day, name in WEEKDAYS.items()
            ],
            "sync_names": [logistics.SYNC_CHANNELS[c] for c in profile.sync_channels],
            "async_names": [logistics.ASYNC_CHANNELS[c] for c in profile.async_channels],
            "block_labels": logistics.BLOCK_LABELS,
            "next_step": selectors.next_intake_step(profile) if own else None,
            "weekly_hours": logistics.weekly_hours(profile.working_windows),
            "time_off": selectors.upcoming_time_off(profile.user) if own else [],
        },
    )


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    return _profile_page(request, selectors.profile_of(authenticated_user(request)), own=True)


@login_required
def person_profile(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = authenticated_user(request)
    profile = selectors.profile_for_viewer(viewer, person_id)
    return _profile_page(request, profile, own=profile.user_id == viewer.pk)


@login_required
def time_off(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = TimeOffForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(form, lambda: services.time_off_add(actor=user, **form.cleaned_data))
    ):
        messages.success(request, _("Added. Your mentoring partners will see it."))
        return redirect("profiles:time_off")
    return render(
        request,
        "profiles/time_off.html",
        {"form": form, "entries": selectors.upcoming_time_off(user)},
    )


@login_required
@require_POST
def time_off_remove(request: HttpRequest, time_off_id: int) -> HttpResponse:
    services.time_off_remove(actor=authenticated_user(request), time_off_id=time_off_id)
    messages.success(request, _("Removed."))
    return redirect("profiles:time_off")
