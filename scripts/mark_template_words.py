"""Mark the words of Django templates for translation, in place.

    .venv/bin/python scripts/mark_template_words.py kindred/foo/templates/foo/*.html

Kindred's templates were written in English before it spoke other languages;
this is the tool that marked them, kept for a template written the old way.
Each run of text between block-level tags becomes one message: plain text
becomes `{% translate "..." %}`; text with variables, inline tags (strong,
a, em, ...) or links becomes one `{% blocktranslate trimmed %}` so that a
translator sees the whole sentence and may reorder it. A `{% url %}` inside
a sentence is computed first (`{% url ... as url_1 %}`); a variable with
attributes or filters is named in the tag's `with`. Text cut by `{% if %}`
stays in pieces: reread the result and join such sentences by hand.
Then run `make messages` and translate the new entries.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from django.template.base import DebugLexer, TokenType

INLINE = {
    "a",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "span",
    "abbr",
    "time",
    "kbd",
    "br",
    "small",
    "bdi",
    "mark",
    "q",
    "cite",
}
_SKIPPED = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>|<!--.*?-->|<![^>]*>", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]{2,}")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_SAME = {
    "Kindred",
    "CSV",
    "PDF",
    "iCalendar",
    "API",
    "OpenID",
    "SAML",
    "TIPI",
    "CalDAV",
    "SCIM",
    "JSON",
    "UTC",
}


@dataclass
class Piece:
    kind: str  # text, var, url, block, tag, inline
    source: str
    contents: str = ""


def pieces_of(source: str, held: list[Piece]) -> list[Piece]:
    """Template tokens, with text further cut at HTML tags. A variable or
    tag inside an HTML tag ('<a href="{% url 'x' %}">') goes to `held`, and
    the HTML tag's source names it by a placeholder."""
    pieces: list[Piece] = []
    skipping: str | None = None
    buffer = ""
    for token in DebugLexer(source).tokenize():
        start, end = token.position
        raw = source[start:end]
        if token.token_type == TokenType.TEXT and skipping is None:
            buffer += raw
            continue
        name = token.contents.split(" ", 1)[0] if token.token_type == TokenType.BLOCK else ""
        kind = {TokenType.VAR: "var", TokenType.BLOCK: "block"}.get(token.token_type, "block")
        if kind == "block" and name == "url" and " as " not in token.contents:
            kind = "url"
        if skipping is not None or name in _SKIPPED:
            kind = "block"
            if skipping is None:
                skipping = _SKIPPED[name]
            elif name == skipping:
                skipping = None
        if skipping is None and buffer.rfind("<") > buffer.rfind(">"):
            buffer += f"\x00{len(held)}\x01"
            held.append(Piece(kind, raw, token.contents))
            continue
        pieces.extend(_split_text(buffer))
        buffer = ""
        pieces.append(Piece(kind, raw, token.contents))
    pieces.extend(_split_text(buffer))
    return pieces


def _split_text(text: str) -> list[Piece]:
    out: list[Piece] = []
    cursor = 0
    for match in _TAG.finditer(text):
        if match.start() > cursor:
            out.append(Piece("text", text[cursor : match.start()]))
        name = (match.group(2) or "").lower()
        kind = "inline" if name in INLINE else "tag"
        out.append(Piece(kind, match.group(), match.group(1) or ""))
        cursor = match.end()
    if cursor < len(text):
        out.append(Piece("text", text[cursor:]))
    return out


def _expand(source: str, held: list[Piece]) -> str:
    return re.sub(r"\x00(\d+)\x01", lambda m: held[int(m.group(1))].source, source)


def _has_words(text: str) -> bool:
    return any(w not in _SAME for w in _WORD.findall(re.sub(r"&[#\w]+;", " ", text)))


class Marker:
    def __init__(self, source: str) -> None:
        self.held: list[Piece] = []
        self.pieces = pieces_of(source, self.held)
        self.urls = 0
        self.in_hidden = False

    def run(self) -> str:
        out: list[str] = []
        unit: list[Piece] = []
        for piece in self.pieces:
            if piece.kind == "tag" and re.match(r"<(script|style)\b", piece.source):
                self.in_hidden = True
            if piece.kind == "tag" and re.match(r"</(script|style)\b", piece.source):
                self.in_hidden = False
            joinable = piece.kind in ("text", "var", "inline", "url") and not self.in_hidden
            if piece.kind == "inline" and "\x00" in piece.source:
                held = [int(n) for n in re.findall(r"\x00(\d+)\x01", piece.source)]
                joinable = joinable and all(self.held[n].kind in ("var", "url") for n in held)
            if joinable:
                unit.append(piece)
                continue
            out.append(self.message(unit))
            unit = []
            out.append(self._source(piece))
        out.append(self.message(unit))
        return "".join(out)

    def _source(self, piece: Piece) -> str:
        return _expand(piece.source, self.held)

    def message(self, unit: list[Piece]) -> str:
        plural = any("pluralize" in p.contents for p in unit if p.kind == "var")
        if plural or not any(p.kind == "text" and _has_words(p.source) for p in unit):
            # A plural needs {% blocktranslate count %}, written by hand.
            return "".join(self._source(p) for p in unit)
        # Leading and trailing space and unmatched tags stay outside.
        head: list[Piece] = []
        tail: list[Piece] = []
        while True:
            while unit and not self._starts(unit[0]):
                head.append(unit.pop(0))
            while unit and not self._ends(unit[-1]):
                tail.insert(0, unit.pop())
            if unit and self._unmatched(unit, at_start=True):
                head.append(unit.pop(0))
                continue
            if unit and self._unmatched(unit, at_start=False):
                tail.insert(0, unit.pop())
                continue
            # <a href="...">Edit</a>: the tag stays outside, its words inside.
            inner = [p for p in unit[1:-1] if p.kind == "inline"]
            if len(unit) < 3 or inner or unit[0].kind != "inline" or unit[-1].kind != "inline":
                break
            head.append(unit.pop(0))
            tail.insert(0, unit.pop())
        lead, unit[0] = _strip_side(unit[0], left=True)
        unit[-1], trail = _strip_side(unit[-1], left=False)
        body = self._translated(unit)
        return (
            "".join(self._source(p) for p in head)
            + lead
            + body
            + trail
            + "".join(self._source(p) for p in tail)
        )

    @staticmethod
    def _unmatched(unit: list[Piece], *, at_start: bool) -> bool:
        """An opening tag first whose closing tag is not in the unit, or a
        closing tag last whose opening tag is not."""
        edge = unit[0] if at_start else unit[-1]
        if edge.kind != "inline" or (edge.contents == "/") == at_start:
            return False
        tags = [p for p in unit if p.kind == "inline" and not re.match(r"<br\b", p.source)]
        opened = sum(1 for p in tags if p.contents != "/")
        return edge in tags and opened * 2 != len(tags)

    def _starts(self, piece: Piece) -> bool:
        if piece.kind == "text":
            return bool(piece.source.strip())
        if piece.kind in ("var", "url"):
            return True
        return piece.kind == "inline" and not piece.contents  # an opening tag

    def _ends(self, piece: Piece) -> bool:
        if piece.kind in ("text", "var", "url"):
            return bool(piece.source.strip())
        return piece.kind == "inline" and piece.contents == "/"

    def _translated(self, unit: list[Piece]) -> str:
        if len(unit) == 1 and unit[0].kind == "text" and "\n" not in unit[0].source.strip():
            text = " ".join(unit[0].source.split())
            quote = '"' if '"' not in text else "'"
            if quote not in text:
                return f"{{% translate {quote}{text}{quote} %}}"
        names: dict[str, str] = {}
        before: list[str] = []
        body = "".join(self._body(p, names, before) for p in unit)
        withs = " ".join(f"{name}={expr}" for expr, name in names.items())
        opener = "{% blocktranslate trimmed" + (f" with {withs}" if withs else "") + " %}"
        return "".join(before) + opener + body + "{% endblocktranslate %}"

    def _body(self, piece: Piece, names: dict[str, str], before: list[str]) -> str:
        if piece.kind == "text":
            return piece.source  # Django escapes % in a blocktranslate itself
        if piece.kind in ("var", "url"):
            return self._variable(piece, names, before)
        return re.sub(
            r"\x00(\d+)\x01",
            lambda m: self._variable(self.held[int(m.group(1))], names, before),
            piece.source,
        )

    def _variable(self, piece: Piece, names: dict[str, str], before: list[str]) -> str:
        if piece.kind == "url":
            self.urls += 1
            name = f"url_{self.urls}"
            before.append("{% " + piece.contents + f" as {name} %}}")
            return "{{ " + name + " }}"
        expr = piece.contents.strip()
        if _NAME.fullmatch(expr):
            return "{{ " + expr + " }}"
        if expr not in names:
            name = _name_for(expr)
            while name in names.values():
                name += "_again"
            names[expr] = name
        return "{{ " + names[expr] + " }}"


def _name_for(expr: str) -> str:
    head = expr.split("|")[0]
    last = head.split(".")[-1]
    return last if _NAME.fullmatch(last) and not last.isdigit() else "value"


def _strip_side(piece: Piece, *, left: bool) -> tuple[str, Piece] | tuple[Piece, str]:
    if piece.kind != "text":
        return ("", piece) if left else (piece, "")
    text = piece.source
    kept = text.lstrip() if left else text.rstrip()
    space = text[: len(text) - len(kept)] if left else text[len(kept) :]
    return (space, Piece("text", kept)) if left else (Piece("text", kept), space)


_READ = re.compile(
    r'\b(alt|title|placeholder|aria-label|data-label|data-announce)="([^"{}<>]*[^\W\d_][^"{}<>]*)"'
)


def mark_attributes(source: str) -> str:
    """Attributes people read or hear, when plain text: aria-label="Pages"."""
    return _READ.sub(
        lambda m: (
            f'{m.group(1)}="{{% translate "{m.group(2)}" %}}"'
            if _has_words(m.group(2))
            else m.group(0)
        ),
        source,
    )


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        if path.suffix != ".html":
            continue  # line breaks matter in plain-text e-mails: mark those by hand
        path.write_text(mark_attributes(Marker(path.read_text()).run()))


if __name__ == "__main__":
    import django
    from django.conf import settings

    settings.configure()
    django.setup()
    main(sys.argv[1:])
