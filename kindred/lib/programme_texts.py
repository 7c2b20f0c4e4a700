"""What a programme writes for its people, gathered for translation.

A programme's managers write its description, its goals and a note to the
people they invite (kindred.programs), its own conversation questions
(kindred.guides) and its notes on development modules (kindred.development)
in the programme's language, and may give each in the other languages
Kindred speaks; a reader sees the one in their language, else the original
(kindred.lib.languages.reader_text).

The page where managers give them lists what every app holds without
importing those apps: each app declares, in its own `texts.py`, how to read
its texts for a programme and how to save their translations, and Django
imports every app's `texts` module when it starts (kindred.pages.apps).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kindred.lib.errors import InvalidInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from kindred.accounts.models import User
    from kindred.programs.models import Programme


@dataclass(frozen=True)
class Text:
    """One text a programme wrote: `key` is unique within the programme and
    begins with its app's prefix ("programme-description", "question-12")."""

    key: str
    label: StrOrPromise
    original: str
    translations: Mapping[str, str]
    max_length: int
    multiline: bool = True

    def given_in(self, language: str) -> str:
        return str(self.translations.get(language, ""))


Reader = Callable[["Programme"], list[Text]]
# save(actor=, programme=, language=, texts={key: translation}); a blank
# translation removes it, so the original shows again.
Saver = Callable[..., object]


@dataclass(frozen=True)
class _Source:
    read: Reader
    save: Saver


_SOURCES: dict[str, _Source] = {}


def texts_from(prefix: str, save: Saver) -> Callable[[Reader], Reader]:
    """Declare an app's texts: keys beginning with `prefix-` are saved by
    `save`."""

    def register(read: Reader) -> Reader:
        _SOURCES[prefix] = _Source(read, save)
        return read

    return register


def texts_of(programme: Programme) -> list[Text]:
    return [text for source in _SOURCES.values() for text in source.read(programme)]


@transaction.atomic
def save_translations(
    *, actor: User, programme: Programme, language: str, texts: Mapping[str, str]
) -> None:
    """Save every app's translations into `language`, all or none: the
    first refusal (a policy, a text too long) undoes the others."""
    check_language(programme, language)
    for key in texts:
        if not any(key.startswith(f"{prefix}-") for prefix in _SOURCES):
            raise InvalidInput.on(key, _("This text is not the programme's to translate."))
    for prefix, source in _SOURCES.items():
        own = {key: value for key, value in texts.items() if key.startswith(f"{prefix}-")}
        if own:
            source.save(actor=actor, programme=programme, language=language, texts=own)


def check_language(programme: Programme, language: str) -> None:
    """Translations go into a shipped language other than the programme's own."""
    if language not in {code for code, _ in settings.LANGUAGES} or language == programme.language:
        raise InvalidInput.on(
            "language", _("Choose one of Kindred's languages other than the programme's own.")
        )


def cleaned(texts: Mapping[str, str], limits: Mapping[str, int]) -> dict[str, str]:
    """Each translation stripped; refused, naming the field, when it is too
    long or is not one of `limits`' keys (the texts the app holds)."""
    result = {}
    for key, value in texts.items():
        if key not in limits:
            raise InvalidInput.on(key, _("This text is not the programme's to translate."))
        value = str(value).strip()
        if len(value) > limits[key]:
            raise InvalidInput.on(
                key,
                _("Keep it under %(limit)s characters.")
                % {"limit": number_format(limits[key], force_grouping=True)},
            )
        result[key] = value
    return result


def set_or_drop(mapping: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """`mapping` with `key` set to `value`, or without it when the value is
    empty (a translation removed: the reader then sees the original)."""
    result = {k: v for k, v in mapping.items() if k != key}
    if value:
        result[key] = value
    return result


def translate_rows(
    rows: Mapping[str, models.Model],
    field: str,
    language: str,
    texts: Mapping[str, str],
    limit: int,
) -> None:
    """Set or drop `language` in the translations (`field`, a JSON object)
    of each row named in `texts` by its key in `rows`."""
    given = cleaned(texts, dict.fromkeys(rows, limit))
    changed = []
    for key, value in given.items():
        row = rows[key]
        setattr(row, field, set_or_drop(getattr(row, field), language, value))
        changed.append(row)
    if changed:
        type(changed[0])._default_manager.bulk_update(changed, [field])
