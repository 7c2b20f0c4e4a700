"""Words written now and read later, in the reader's language.

A chart the daily health run stores is read for days by managers who each
read Kindred in their own language, so what it says is kept as a Phrase:
the English message (marked for the catalogues) and the values to fill in,
stored as plain data and translated only when shown."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext, ngettext


@dataclass(frozen=True)
class Phrase:
    text: str  # the English message, with %(name)s placeholders
    values: Mapping[str, Any] = field(default_factory=dict)
    plural: str = ""  # the plural message, chosen by `count`
    count: int = 0

    def __str__(self) -> str:
        words = ngettext(self.text, self.plural, self.count) if self.plural else gettext(self.text)
        values = {name: _shown(value) for name, value in self.values.items()}
        return words % values if values else words

    @classmethod
    def loaded(cls, stored: object) -> object:
        """A phrase kept as a dict (dataclasses.asdict) back as a Phrase;
        anything else (English stored before phrases) as it is."""
        if isinstance(stored, dict) and "text" in stored:
            values = {k: cls.loaded(v) for k, v in stored.get("values", {}).items()}
            return cls(stored["text"], values, stored.get("plural", ""), stored.get("count", 0))
        return stored


class SaidInWords(Exception):
    """A failure whose reason is kept as a phrase: the background job that
    meets it stores `words` (`kept`), and whoever reads it later reads it in
    their own language; `str()` says it in the language active now."""

    def __init__(self, words: Phrase) -> None:
        super().__init__(words)
        self.words = words


def word(english: str) -> str:
    """A single English word or label marked elsewhere for the catalogues
    (a chart's axis, an attribute a run stored), in the reader's language."""
    return gettext(english) if english else english  # gettext("") is the catalogue's header


def _shown(value: Any) -> Any:
    return str(value) if isinstance(value, Phrase) else value


def phrase(text: str, **values: Any) -> Phrase:
    """A message to translate when shown (makemessages finds `phrase`)."""
    return Phrase(text, values)


def phrases(singular: str, plural: str, count: int, **values: Any) -> Phrase:
    """A message with a plural, chosen by `count` when shown."""
    return Phrase(singular, {"count": count, **values}, plural, count)


def joined(found: list[Phrase]) -> Phrase:
    """Several phrases as one, each kept to be read in the reader's language
    ("a; b; c")."""
    together = found[-1]
    for words in reversed(found[:-1]):
        together = phrase("%(first)s; %(rest)s", first=words, rest=together)
    return together


def kept(words: Phrase | str) -> str:
    """Words to keep in a text column and show later: a phrase as JSON, so
    whoever reads it later reads it in their own language."""
    # Unescaped, so a search for a name (erasure) finds it in the stored text.
    return json.dumps(asdict(words), ensure_ascii=False) if isinstance(words, Phrase) else words


def kept_list(found: list[Phrase]) -> list[dict[str, Any]]:
    """Phrases to keep in a JSON list column and show later with `said`."""
    return [asdict(words) for words in found]


def said(stored: Iterable[Any]) -> list[str]:
    """Phrases kept by `kept_list`, in the reader's language; plain text
    (written before phrases were kept) as it is."""
    return [str(Phrase.loaded(words)) for words in stored]


def shown(stored: str) -> str:
    """Words kept by `kept`, in the reader's language; plain text (written
    before phrases were kept) as it is."""
    if stored.startswith('{"text"'):
        try:
            return str(Phrase.loaded(json.loads(stored)))
        except (ValueError, TypeError, KeyError):
            pass
    return stored
