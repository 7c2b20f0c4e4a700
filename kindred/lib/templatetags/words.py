"""Codes read as words on people's screens."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from kindred.lib.languages import language_names

register = template.Library()


@register.filter
def languages(codes: Iterable[str]) -> str:
    """["en", "ja"] → "English, Japanese" (an unknown code stays as it is)."""
    names = language_names()
    return ", ".join(names.get(code, code) for code in codes or [])
