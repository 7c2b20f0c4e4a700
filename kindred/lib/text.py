"""Text that becomes one line somewhere else: an e-mail header, a calendar
SUMMARY, a name in a list. Names and titles refuse control characters and
the invisible direction overrides at input (a CR/LF in a project title made
the outbox refuse a subject; a right-to-left override turns "gpj.exe" into
what looks like "exe.jpg"); and text that becomes a header is made one line
where the header is built, whatever slipped past input before."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from kindred.lib.errors import InvalidInput

# C0 and C1 controls (tab, CR and LF included), the line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates.
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
SINGLE_LINE_MESSAGE = gettext_noop(
    "Use one line of plain text, without control or text-direction characters."
)


# The embeddings and overrides (U+202A-202E) and isolates (U+2066-2069) as
# UTF-8 bytes: E2 only ever leads a sequence, so a match is always one.
DIRECTION_CONTROLS_UTF8 = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


def has_hidden_characters(text: str) -> bool:
    return HIDDEN.search(text) is not None


def validate_single_line(value: str) -> None:
    """A model and form field validator for names and titles."""
    if has_hidden_characters(value):
        raise ValidationError(gettext(SINGLE_LINE_MESSAGE), code="hidden_characters")


def one_line(text: str) -> str:
    """`text` with every hidden character turned to a space and runs of
    whitespace collapsed: safe as a header."""
    return " ".join(HIDDEN.sub(" ", text).split())


def require_single_line(value: str, field: str) -> str:
    """`value`, or a clear refusal naming `field` (for services)."""
    if has_hidden_characters(value):
        raise InvalidInput.on(field, gettext(SINGLE_LINE_MESSAGE))
    return value
