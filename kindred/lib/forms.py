from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TypeVar

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext, gettext_lazy

from kindred.lib.errors import DomainError

T = TypeVar("T")

# Far enough for any programme, near enough that a day moved into another
# time zone, or a day on, stays inside the calendar (year 1 or 9999 does not).
EARLIEST_DAY, LATEST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


class DateInput(forms.DateInput):
    """A browser date picker. It reads and writes ISO dates only, whatever
    the page's locale: a localised value ("05/12/2026") renders it blank."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker, ISO like DateInput."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DayField(forms.DateField):
    """A calendar date a person types."""

    widget = DateInput
    default_validators = [
        MinValueValidator(EARLIEST_DAY, gettext_lazy("Give a date after 1900.")),
        MaxValueValidator(LATEST_DAY, gettext_lazy("Give a date before 2200.")),
    ]


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


def attempt(form: forms.BaseForm, action: Callable[[], T]) -> T | None:
    """Run a service for a valid form and return what it made; a domain error
    is shown on the form instead (and the service's transaction has changed
    nothing), and the answer is None."""
    try:
        return action()
    except DomainError as error:
        add_domain_error(form, error)
        return None


def saved(form: forms.BaseForm, action: Callable[[], object]) -> bool:
    """Whether the service ran (see `attempt`)."""
    return attempt(form, lambda: action() or True) is not None


class RatingsForm(forms.Form):
    """Statements each rated on a labelled scale; any may be skipped."""

    def add_rating(self, key: str, label: str, scale: Mapping[int, str]) -> None:
        """The label and the scale's names are an instrument's English, marked
        for the catalogues: each respondent reads them in their own language."""
        self.fields[key] = forms.TypedChoiceField(
            label=gettext(label),
            choices=[(n, f"{n} · {gettext(name)}") for n, name in scale.items()],
            coerce=int,
            required=False,
            empty_value=None,
            widget=forms.RadioSelect,
        )

    def answers(self) -> dict[str, object]:
        return {k: v for k, v in self.cleaned_data.items() if v is not None}
