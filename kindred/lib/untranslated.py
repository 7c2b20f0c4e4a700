"""Find words in templates that no translator will ever see.

A template's text is read by people in eight languages, so every word in it
goes through `{% translate %}` or `{% blocktranslate %}`. This reads each
template with Django's own lexer and reports text outside those tags: text
between HTML tags and the values of attributes people read (alt, title,
placeholder, aria-label). Markup, entities, numbers and names that are the
same in every language (Kindred, CSV) are not words to translate.

Run as `python -m kindred.lib.untranslated [FILE ...]` (make lint does) or
through its test; both share `untranslated_in`."""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.template.base import Lexer, TokenType

from kindred.lib import untranslated_python

ROOT = Path(__file__).resolve().parents[1]

# Attributes whose values people read or hear (screen readers read aria-label).
READ_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "aria-description", "data-label")
_ATTRIBUTE = re.compile(
    r"\b(" + "|".join(map(re.escape, READ_ATTRIBUTES)) + r""")\s*=\s*("[^"]*"|'[^']*')""",
    re.IGNORECASE,
)
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>", re.DOTALL)
_ENTITY = re.compile(r"&[#\w]+;")
_WORD = re.compile(r"[^\W\d_]{2,}")

# Names and codes written the same in every language Kindred ships.
SAME_IN_EVERY_LANGUAGE = frozenset(
    {
        "Kindred",
        "CSV",
        "PDF",
        "iCalendar",
        "ics",
        "API",
        "OpenID",
        "SAML",
        "SSO",
        "TIPI",
        "CalDAV",
        "SCIM",
        "JSON",
        "URL",
        "UTC",
        "ID",
        "OK",
        "HTML",
    }
)
# Blocks whose text is translated, or never shown.
_OPENERS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}


@dataclass(frozen=True)
class Untranslated:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def readable_words(text: str) -> list[str]:
    words = _WORD.findall(_ENTITY.sub(" ", text))
    return [word for word in words if word not in SAME_IN_EVERY_LANGUAGE]


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _page_text(source: str) -> tuple[str, list[tuple[int, int]]]:
    """The template's text as one string, every tag, variable and translated
    block blanked to spaces of the same length (so a tag cut in two by a
    variable is still seen whole), and (offset, line) marks to find lines."""
    parts: list[str] = []
    marks: list[tuple[int, int]] = []
    offset = 0
    closing: str | None = None
    for token in Lexer(source).tokenize():
        text = token.contents if token.token_type == TokenType.TEXT else ""
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(" ", 1)[0]
            if closing is None and name in _OPENERS:
                closing = _OPENERS[name]
            elif name == closing:
                closing = None
        # A placeholder where a template tag or variable stood keeps words apart.
        piece = "\x00" if closing is not None or not text else text
        marks.append((offset, token.lineno or 0))
        parts.append(piece)
        offset += len(piece)
    return "".join(parts), marks


def _line_at(marks: list[tuple[int, int]], offset: int) -> int:
    return marks[bisect.bisect_right(marks, (offset, sys.maxsize)) - 1][1]


def untranslated_in(source: str, path: str = "") -> list[Untranslated]:
    text, marks = _page_text(source)
    text = _HIDDEN.sub(_blank, text)
    found: list[tuple[int, str]] = [
        (match.start(2), match.group(2)[1:-1]) for match in _ATTRIBUTE.finditer(text)
    ]
    text = _TAG.sub(_blank, text)
    found += [(match.start(), match.group()) for match in re.finditer(r"[^\x00]+", text)]
    return [
        Untranslated(path, _line_at(marks, start), " ".join(words.replace("\x00", " ").split()))
        for start, words in sorted(found)
        if readable_words(words)
    ]


# A tag that ends an attribute's value, then a second quote or a letter
# straight after it: the quote left over when the value's words were
# wrapped in {% translate %} (data-label="{% translate "When" %}"").
_STRAY_QUOTE = re.compile(r'%\}"(?=["\w]|\{\{)')


def _flagged(
    pattern: re.Pattern[str], source: str, path: str, says: Callable[[re.Match[str]], str]
) -> list[str]:
    """ "path:line: what is wrong" for each match `says` something about."""
    return [
        f"{path}:{_line_of(source, match.start())}: {said}"
        for match in pattern.finditer(source)
        if (said := says(match))
    ]


def _line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def stray_quotes(source: str, path: str = "") -> list[str]:
    return _flagged(_STRAY_QUOTE, source, path, lambda _match: "a quote too many after a tag")


# Words handed to an included template as a plain string
# ({% include "_form_card.html" with heading="Add a question" %}) are shown
# as they are; they go through _("...") so they are translated.
_INCLUDE = re.compile(r"\{%\s*include\b[^%]*%\}")
_PLAIN_ARGUMENT = re.compile(r'\b(\w+)="([^"]*)"')


def words_passed_to_includes(source: str, path: str = "") -> list[str]:
    return [
        f'{path}:{_line_of(source, tag.start())}: {name}="{value}" is not translated'
        for tag in _INCLUDE.finditer(source)
        for name, value in _PLAIN_ARGUMENT.findall(tag.group())
        if " " in value.strip() or (value[:1].isupper() and readable_words(value))
    ]


# A variable's fallback written in the template ({{ who|default:"someone" }})
# is shown as it is; _("someone") is translated. Kindred's own name is not.
_DEFAULT = re.compile(r'\|default:"([^"]*)"')


def plain_defaults(source: str, path: str = "") -> list[str]:
    def says(match: re.Match[str]) -> str:
        words = match[1]
        plain = readable_words(words) and words != "Kindred"
        return f'default:"{words}" is not translated' if plain else ""

    return _flagged(_DEFAULT, source, path, says)


# A date written with a fixed format ({{ d|date:"j M Y" }}) has English's
# order in every language ("16 9月 2026"); _("j M Y") lets each language give
# its own ("2026年9月16日").
_FIXED_DATE = re.compile(r'\|date:"([^"]*)"')


def fixed_date_formats(source: str, path: str = "") -> list[str]:
    def says(match: re.Match[str]) -> str:
        # A format's name (SHORT_DATE_FORMAT) is already the locale's.
        return "" if match[1].isupper() else f'date:"{match[1]}" is in English\'s order'

    return _flagged(_FIXED_DATE, source, path, says)


# Lower-casing a translated label breaks languages that capitalise nouns
# (German's "Vor dem ersten Treffen" is not "vor dem ersten treffen").
_LOWER = re.compile(r"\|lower\b")


def lowered_words(source: str, path: str = "") -> list[str]:
    return _flagged(_LOWER, source, path, lambda _match: "|lower on words people read")


def templates(root: Path = ROOT) -> list[Path]:
    return sorted(
        path
        for pattern in ("*.html", "*.txt", "*.ics")
        for path in root.rglob(f"templates/**/{pattern}")
    )


# Templates whose words are still being marked: the list only shrinks (the
# check fails on a listed template that has become clean, so it is crossed off).
NOT_YET = ROOT / "locale" / "not-yet-translated.txt"


def not_yet_translated() -> set[str]:
    lines = NOT_YET.read_text().splitlines() if NOT_YET.exists() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def problems(paths: list[Path] | None = None) -> list[str]:
    """Untranslated words outside the list, and listed templates now clean."""
    waiting = not_yet_translated()
    found: list[str] = []
    for path in paths or templates():
        name = str(path.relative_to(ROOT.parent))
        source = path.read_text()
        found += stray_quotes(source, name) + words_passed_to_includes(source, name)
        found += lowered_words(source, name) + plain_defaults(source, name)
        found += fixed_date_formats(source, name)
        words = untranslated_in(source, name)
        if name in waiting and not words:
            found.append(f"{name}: translated now; cross it off {NOT_YET.name}")
        elif name not in waiting:
            found += [str(problem) for problem in words]
    return found


def main(arguments: list[str]) -> int:
    """Templates named, or every template and every module's Python."""
    found = problems([Path(a).resolve() for a in arguments] or None)
    if not arguments:
        found += untranslated_python.problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
