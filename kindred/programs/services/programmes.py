"""Creating and changing programmes, and who manages them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.lib import logs
from kindred.lib.errors import InvalidInput
from kindred.lib.programme_texts import check_language, cleaned, set_or_drop
from kindred.lib.sealing import seal
from kindred.programs.models import Programme
from kindred.programs.policies import require_org_admin, require_programme_manager
from kindred.programs.selectors import unique_programme_slug

PROGRAMME_FIELDS = (
    "name",
    "format",
    "offers_office_hours",
    "description",
    "goals",
    "invitation_note",
    "language",
    "start_date",
    "end_date",
    "default_cadence",
    "mentor_capacity_default",
    "joint_project_expected",
    "showcase_date",
    "status",
    "survey_first_day",
    "survey_every_days",
    "video",
    "jitsi_base_url",
    "jitsi_app_id",
)


def _validation_to_domain(exc: ValidationError) -> InvalidInput:
    errors = [
        {"field": name, "message": message}
        for name, messages in exc.message_dict.items()
        for message in messages
    ]
    return InvalidInput("; ".join(e["message"] for e in errors), errors=errors)


def _save_validated(programme: Programme) -> Programme:
    if programme.showcase_date and programme.showcase_date < programme.start_date:
        raise InvalidInput(
            _("The showcase cannot be before the programme starts."),
            errors=[{"field": "showcase_date", "message": _("Before the start date.")}],
        )
    try:
        programme.full_clean()
        programme.save()
    except ValidationError as exc:
        raise _validation_to_domain(exc) from exc
    return programme


@logs.logged
@transaction.atomic
def programme_create(
    *, actor: User, data: Mapping[str, Any], managers: Iterable[User] = ()
) -> Programme:
    require_org_admin(actor, gettext_noop("create programmes"))
    programme = Programme(**{k: v for k, v in data.items() if k in PROGRAMME_FIELDS})
    programme.slug = unique_programme_slug(programme.name)
    _save_validated(programme)
    _set_managers(actor, programme, managers)
    return programme


@logs.logged
@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: Programme,
    data: Mapping[str, Any],
    managers: Iterable[User] | None = None,
) -> Programme:
    """Change the programme; `managers`, when given, replaces who runs it."""
    require_programme_manager(actor, programme, gettext_noop("change its settings"))
    if "format" in data and data["format"] != programme.format:
        _check_format_can_change(programme)
    for name, value in data.items():
        if name in PROGRAMME_FIELDS:
            setattr(programme, name, value)
    if data.get("jitsi_secret"):  # write-only: an empty field keeps the stored secret
        programme.jitsi_secret_sealed = seal(str(data["jitsi_secret"]))
    _save_validated(programme)
    if managers is not None:
        _set_managers(actor, programme, managers)
    return programme


def _check_format_can_change(programme: Programme) -> None:
    """A format shapes who is matched with whom: once anyone has been, the
    programme keeps it (a new programme takes the other format)."""
    if programme.has_matched():
        raise InvalidInput(
            _(
                "The format cannot change once people have been matched in this "
                "programme; create a new programme for another format."
            ),
            errors=[{"field": "format", "message": _("People have been matched already.")}],
        )


def _set_managers(actor: User, programme: Programme, managers: Iterable[User]) -> None:
    chosen = list(managers)
    if set(chosen) == set(programme.managers.all()):
        return
    require_org_admin(actor, gettext_noop("appoint programme managers"))
    programme.managers.set(chosen)


# The programme's own texts, by their key on the languages page, and how
# long each may be (as the fields themselves).
PROGRAMME_TEXT_LIMITS = {
    "programme-description": 4000,
    "programme-goals": 4000,
    "programme-invitation_note": 1000,
}


@logs.logged
@transaction.atomic
def programme_translations_save(
    *, actor: User, programme: Programme, language: str, texts: Mapping[str, str]
) -> Programme:
    """Give the programme's description, goals and invitation note in
    `language`; a blank one is removed, so readers see the original."""
    require_programme_manager(actor, programme, gettext_noop("translate its texts"))
    check_language(programme, language)
    given = dict(programme.translations.get(language, {}))
    for key, value in cleaned(texts, PROGRAMME_TEXT_LIMITS).items():
        given = set_or_drop(given, key.removeprefix("programme-"), value)
    programme.translations = set_or_drop(programme.translations, language, given)
    programme.save(update_fields=["translations"])
    return programme
