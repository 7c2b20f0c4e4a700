from __future__ import annotations

from django import forms

from kindred.lib.errors import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's validation error beside the field it names, or at
    the top of the form when it names none the form has."""
    placed = False
    for item in error.errors:
        field = str(item.get("field", ""))
        if field in form.fields:
            form.add_error(field, str(item.get("message", error.message)))
            placed = True
    if not placed:
        form.add_error(None, error.message)
