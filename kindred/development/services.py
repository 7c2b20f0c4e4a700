"""Writes for mentor development: answering a module's scenario and
marking the module done, a programme's requirements and notes, and a
mentor's self-assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.development.models import (
    ModuleProgress,
    ProgrammeModule,
    RequiredOf,
    Requirement,
)
from kindred.development.modules import BY_KEY
from kindred.development.selectors import module_or_404
from kindred.lib import logs
from kindred.lib.errors import InvalidInput
from kindred.lib.programme_texts import check_language, translate_rows
from kindred.programs.models import Programme
from kindred.programs.policies import require_programme_manager

NOTE_LIMIT = 2000


@logs.logged
@transaction.atomic
def module_answer(*, actor: User, key: str, choice: str, now: dt.datetime | None = None) -> str:
    """Record the person's answer to the module's scenario (they may try
    again) and return the feedback for it."""
    module = module_or_404(key)
    chosen = module.scenario.choice(choice)
    if chosen is None:
        raise InvalidInput.on("choice", _("Choose one of the answers."))
    ModuleProgress.objects.update_or_create(
        person=actor,
        module=module.key,
        defaults={"scenario_choice": chosen.key, "scenario_answered_at": now or timezone.now()},
    )
    return str(chosen.feedback)


@logs.logged
@transaction.atomic
def module_complete(*, actor: User, key: str, now: dt.datetime | None = None) -> ModuleProgress:
    """Mark a module done once its scenario is answered; doing it again
    keeps the first completion."""
    module = module_or_404(key)
    progress = ModuleProgress.objects.select_for_update().filter(person=actor, module=key).first()
    if progress is None or not progress.scenario_answered_at:
        raise InvalidInput.on(
            "choice",
            _("Answer the scenario in “%(skill)s” before marking it done.")
            % {"skill": module.skill},
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
        raise InvalidInput.on(f"{key}-requirement", _("Choose when the module is required."))
    if required_of not in RequiredOf.values:
        raise InvalidInput.on(f"{key}-required_of", _("Choose who must complete the module."))
    if len(note) > NOTE_LIMIT:
        raise InvalidInput.on(
            f"{key}-note",
            _("Keep the note under %(note_limit)s characters.")
            % {"note_limit": number_format(NOTE_LIMIT, force_grouping=True)},
        )
    return {"requirement": requirement, "required_of": required_of, "note": note}


@logs.logged
@transaction.atomic
def programme_modules_set(
    *, actor: User, programme: Programme, settings: Mapping[str, Mapping[str, str]]
) -> list[ProgrammeModule]:
    """Set, all at once or not at all, what the programme requires of each
    module and its note for participants."""
    require_programme_manager(
        actor, programme, gettext_noop("set its development modules"), hide=True
    )
    unknown = set(settings) - set(BY_KEY)
    if unknown:
        raise InvalidInput(
            _("Unknown modules: %(unknown)s.") % {"unknown": ", ".join(sorted(unknown))}
        )
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


@logs.logged
@transaction.atomic
def module_note_translations_save(
    *, actor: User, programme: Programme, language: str, texts: Mapping[str, str]
) -> None:
    """Give the programme's notes on modules in `language` (keys
    "module-<key>"); a blank one is removed, so readers see the original."""
    require_programme_manager(
        actor, programme, gettext_noop("set its development modules"), hide=True
    )
    check_language(programme, language)
    notes = {f"module-{s.module}": s for s in ProgrammeModule.objects.filter(programme=programme)}
    translate_rows(notes, "note_translations", language, texts, NOTE_LIMIT)
