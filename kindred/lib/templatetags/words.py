"""Codes read as words on people's screens."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from kindred.lib.languages import reader_language_names

register = template.Library()


@register.filter
def languages(codes: Iterable[str]) -> str:
    """["en", "ja"] → "English, Japanese", in the reader's language ("Englisch,
    Japanisch"); an unknown code stays as it is."""
    names = reader_language_names()
    return ", ".join(names.get(code, code) for code in codes or [])
