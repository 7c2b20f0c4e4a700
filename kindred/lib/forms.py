from __future__ import annotations

from collections.abc import Callable

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


def saved(form: forms.BaseForm, action: Callable[[], object]) -> bool:
    """Run a service for a valid form; a domain error is shown on the form
    instead (and the service's transaction has changed nothing)."""
    try:
        action()
    except DomainError as error:
        add_domain_error(form, error)
        return False
    return True
