"""A pseudo-locale: every Kindred message accented and 40 % longer, so a
page shows at a glance (and a test finds) text that is not translated or
that does not fit when a language runs long (German, French, Portuguese
often do).

Built from the catalogues' own message ids into a temporary directory, as
Esperanto ("eo": a language Django knows and Kindred does not ship), so
Django's machinery serves it like any other language.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import polib

from kindred.lib.untranslated import ROOT

CODE = "eo"
# Placeholders, markup and entities stay as they are; so do the formats of
# dates (their letters are codes, not words).
KEPT = re.compile(r"%\(\w+\)[sdf]|%[sdf]|<[^>]+>|&#?\w+;|\{[^}]*\}")
WORD = re.compile(r"[A-Za-z]+")
ACCENTS = str.maketrans("aceinorsuyzACEINORSUYZ", "áçéîñöŕšûýžÁÇÉÎÑÖŔŠÛÝŽ")


def pseudo(text: str) -> str:
    """Accented, each word 40 % longer: "Save" becomes "Šávéxx"."""
    pieces, last = [], 0
    for kept in KEPT.finditer(text):
        pieces.append(_words(text[last : kept.start()]))
        pieces.append(kept.group())
        last = kept.end()
    pieces.append(_words(text[last:]))
    return "".join(pieces)


def _words(text: str) -> str:
    return WORD.sub(
        lambda word: word.group().translate(ACCENTS) + "x" * math.ceil(0.4 * len(word.group())),
        text,
    )


def build(directory: Path) -> Path:
    """Write the pseudo-locale's compiled catalogue under `directory` (a
    LOCALE_PATHS entry) and return it."""
    source = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "Language": CODE,
    }
    for entry in source:
        if entry.obsolete:
            continue
        dated = entry.msgctxt is not None and ("date" in entry.msgctxt or "day" in entry.msgctxt)
        made = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid)
        if entry.msgid_plural:
            made.msgid_plural = entry.msgid_plural
            made.msgstr_plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
        else:
            made.msgstr = entry.msgid if dated else pseudo(entry.msgid)
        catalogue.append(made)
    target = directory / CODE / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    catalogue.save_as_mofile(str(target / "django.mo"))
    return directory
