"""Database ids from URLs, queries and forms: ASCII digits only.

`str.isdigit()` accepts superscripts and other scripts' digits ("²", "٣"),
which `int()` then refuses or reads as another number; and an id longer than
18 digits would overflow a 64-bit column in the database driver. Every id a
person can type passes through here."""

from __future__ import annotations

import re

ID_REGEX = "[0-9]{1,18}"
_ID = re.compile(ID_REGEX)


def parse_id(raw: object) -> int | None:
    """The id `raw` spells, or None when it is not one."""
    text = str(raw) if raw is not None else ""
    return int(text) if _ID.fullmatch(text) else None
