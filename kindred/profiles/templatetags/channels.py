"""Channel codes read as their names ("linkedin" → "LinkedIn")."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from kindred.profiles.logistics import ASYNC_CHANNELS, SYNC_CHANNELS

register = template.Library()
NAMES = {**SYNC_CHANNELS, **ASYNC_CHANNELS}


@register.filter
def channel_names(codes: Iterable[str]) -> str:
    return ", ".join(str(NAMES.get(code, code)) for code in codes or [])
