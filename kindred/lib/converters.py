"""URL converters. Database ids are 64-bit; a longer number in a URL would
overflow the database driver, so such a URL simply does not match (404)."""

from __future__ import annotations

from django.urls import register_converter

from kindred.lib.ids import ID_REGEX


class IdConverter:
    regex = ID_REGEX

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
