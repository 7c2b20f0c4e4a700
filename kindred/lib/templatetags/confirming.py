from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kindred.lib.confirm import ASK, ask

register = template.Library()


@register.simple_tag
def asks(name: str, subject: Any, choice: str = "") -> SafeString:
    """Attributes of a form (or a submit button) that asks question `name`
    first, with the hidden field goes in the form: `{% confirm_field %}`."""
    found = ask(name, subject, choice)
    if found is None:
        return SafeString("")
    return format_html(
        'data-confirm-title="{}" data-confirm="{}" data-confirm-button="{}"',
        found.title,
        found.text,
        found.button,
    )


@register.simple_tag
def confirm_field() -> SafeString:
    return format_html('<input type="hidden" name="confirm" value="{}">', ASK)
