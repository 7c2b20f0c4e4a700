"""Writes for mentor development: answering a module's scenario and
marking the module done, a programme's requirements and notes, and a
mentor's self-assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kindred.accounts.models import User
from kindred.development import assessment
from kindred.development.models import (
    ModuleProgress,
    ProgrammeModule,
    RequiredOf,
    Requirement,
    SelfAssessment,
)
from kindred.development.modules import BY_KEY, Module
from kindred.lib.errors import Forbidden, InvalidInput, NotFound
from kindred.meetings.models import Meeting
from kindred.programs.models import Membership, Programme, Role
from kindred.programs.selectors import can_manage
from kindred.relationships.models import Relationship

NOTE_LIMIT = 2000
END_IS_NEAR = dt.timedelta(days=30)


def module_or_404(key: str) -> Module:
    found = BY_KEY.get(key)
    if found is None:
        raise NotFound("No such module.")
    return found


@transaction.atomic
def module_answer(*, person: User, key: str, choice: str, now: dt.datetime | None = None) -> str:
    """Record the person's answer to the module's scenario (they may try
    again) and return the feedback for it."""
    module = module_or_404(key)
    chosen = module.scenario.choice(choice)
    if chosen is None:
        raise InvalidInput.on("choice", "Choose one of the answers.")
    ModuleProgress.objects.update_or_create(
        person=person,
        module=module.key,
        defaults={"scenario_choice": chosen.key, "scenario_answered_at": now or timezone.now()},
    )
    return chosen.feedback


@transaction.atomic
def module_complete(*, person: User, key: str, now: dt.datetime | None = None) -> ModuleProgress:
    """Mark a module done once its scenario is answered; doing it again
    keeps the first completion."""
    module = module_or_404(key)
    progress = ModuleProgress.objects.select_for_update().filter(person=person, module=key).first()
    if progress is None or not progress.scenario_answered_at:
        raise InvalidInput.on(
            "choice", f"Answer the scenario in “{module.skill}” before marking it done."
        )
    if progress.completed_at is None:
        progress.completed_at = now or timezone.now()
        progress.save(update_fields=["completed_at"])
    return progress


def _clean_setting(key: str, setting: Mapping[str, str]) -> dict[str, str]:
    requirement = setting.get("requirement", "")
    required_of = setting.get("required_of", RequiredOf.MENTORS)
    note = str(setting.get("note", "")).strip()
    if requirement not in Requirement.values:
        raise InvalidInput.on(f"{key}-requirement", "Choose when the module is required.")
    if required_of not in RequiredOf.values:
        raise InvalidInput.on(f"{key}-required_of", "Choose who must complete the module.")
    if len(note) > NOTE_LIMIT:
        raise InvalidInput.on(f"{key}-note", f"Keep the note under {NOTE_LIMIT:,} characters.")
    return {"requirement": requirement, "required_of": required_of, "note": note}


@transaction.atomic
def programme_modules_set(
    *, actor: User, programme: Programme, settings: Mapping[str, Mapping[str, str]]
) -> list[ProgrammeModule]:
    """Set, all at once or not at all, what the programme requires of each
    module and its note for participants."""
    if not can_manage(actor, programme):
        raise NotFound("No such programme.")
    unknown = set(settings) - set(BY_KEY)
    if unknown:
        raise InvalidInput(f"Unknown modules: {', '.join(sorted(unknown))}.")
    cleaned = {key: _clean_setting(key, setting) for key, setting in settings.items()}
    now = timezone.now()
    return [
        ProgrammeModule.objects.update_or_create(
            programme=programme,
            module=key,
            defaults={**values, "updated_by": actor, "updated_at": now},
        )[0]
        for key, values in cleaned.items()
    ]


def is_mentor(person: User) -> bool:
    return Membership.objects.filter(user=person, role=Role.MENTOR).exists()


def assessment_moment(person: User, *, now: dt.datetime) -> str:
    """Before the first meeting the mentor holds, at the end once a
    relationship of theirs is over or a programme of theirs ends within a
    month, and otherwise during mentoring."""
    mentoring = Relationship.objects.filter(mentor=person)
    if not Meeting.objects.filter(
        relationship__in=mentoring, status=Meeting.Status.HELD, start__lte=now
    ).exists():
        return SelfAssessment.Moment.BEFORE
    ending = Q(status__in=[Relationship.Status.COMPLETED, Relationship.Status.ENDED_EARLY]) | Q(
        programme__end_date__lte=(now + END_IS_NEAR).date()
    )
    if mentoring.filter(ending).exists():
        return SelfAssessment.Moment.END
    return SelfAssessment.Moment.DURING


@transaction.atomic
def self_assessment_submit(
    *, person: User, answers: Mapping[str, object], now: dt.datetime | None = None
) -> SelfAssessment:
    if not is_mentor(person):
        raise Forbidden("The competence self-assessment is for mentors.")
    try:
        clean = assessment.validate(answers)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    now = now or timezone.now()
    return SelfAssessment.objects.create(
        person=person,
        moment=assessment_moment(person, now=now),
        answers=clean,
        areas=assessment.area_scores(clean),
        submitted_at=now,
    )
