"""Tools for fuzzing Kindred's forms with hypothesis: inputs drawn from what
each form field accepts mixed with junk, and the rule every submission must
keep: no server error, and either it succeeded or it said why and wrote
nothing at all."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kindred.audit.models import AuditEvent


def fuzz_settings(examples: int) -> settings:
    """The same examples on every run, so CI is repeatable; set
    KINDRED_FUZZ_EXAMPLES (say 2000) for a deeper, random run by hand."""
    return settings(
        max_examples=int(os.environ.get("KINDRED_FUZZ_EXAMPLES", examples)),
        deadline=None,
        derandomize="KINDRED_FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


FUZZ = fuzz_settings(40)

# Text a browser could send: anything but lone surrogates, which no encoding carries.
junk = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
odd_numbers = st.sampled_from(["-1", "0", "1e9", "99999999999999999999", "NaN", "4.5", " 7 "])
# The calendar's ends, where a shift to another zone leaves the calendar.
datetimes = st.one_of(
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59)),
    st.sampled_from([dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59)]),
)


def field_values(field: forms.Field) -> st.SearchStrategy[Any]:
    """What a person (or a script) might put in this field."""
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(st.one_of(_choices(field), junk), max_size=4)
    if isinstance(field, forms.ChoiceField):
        return st.one_of(_choices(field), junk)
    if isinstance(field, forms.IntegerField):
        low, high = field.min_value or 0, field.max_value or 100
        return st.one_of(st.integers(low - 50, high + 50).map(str), odd_numbers, junk)
    if isinstance(field, forms.DateTimeField | forms.DateField | forms.TimeField):
        return st.one_of(_formatted(field), junk)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "0", "yes"])
    if isinstance(field, forms.URLField):
        return st.one_of(st.sampled_from(["https://meet.example/abc", "javascript:alert(1)"]), junk)
    return st.one_of(junk, st.text(min_size=990, max_size=1100), st.sampled_from(LINES))


# Lines the free-text fields parse (hours off limits, time blocks), good and bad.
LINES = [
    "Quiet hours 22:00-07:00",
    "School run Mon-Fri 15:00-16:00 (flexible)",
    "Gym Sat 09:00-10:30\nQuiet hours 21:00-06:00",
    "Quiet hours 22:00-07:00\nQuiet hours 23:00-06:00",
    "Late Fri 25:00-26:00",
    "Stand-up Wed 09:00-09:00",
    "Dinner Blursday 18:00-19:00",
]


def _choices(field: forms.ChoiceField) -> st.SearchStrategy[str]:
    pairs: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
    values = [str(value) for value, label in pairs if not isinstance(label, list | tuple)]
    return st.sampled_from(values) if values else junk


def _formatted(field: forms.Field) -> st.SearchStrategy[str]:
    formats = list(getattr(field, "input_formats", None) or ["%Y-%m-%d"])
    return st.tuples(datetimes, st.sampled_from(formats)).map(
        lambda pair: pair[0].strftime(pair[1])
    )


def form_data(form: forms.BaseForm, extra: dict[str, st.SearchStrategy[Any]] | None = None) -> Any:
    """A POST body for the form: each field given or left out."""
    fields = {form.add_prefix(name): field_values(field) for name, field in form.fields.items()}
    return st.fixed_dictionaries({}, optional={**fields, **(extra or {})})


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row Kindred holds, except sessions (the test's own sign-in) and
    recorded reads (a form that shows demographics logs that it did, even
    when what was sent back is refused)."""
    rows = {}
    for model in apps.get_models():
        if model is Session:
            continue
        found = model._default_manager.order_by("pk")
        if model is AuditEvent:
            found = found.exclude(action=AuditEvent.Action.DEMOGRAPHICS_READ)
        rows[model._meta.label] = list(found.values_list())
    return rows


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each example starts from the same database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_clean_outcome(response: Any, before: dict[str, list[tuple[Any, ...]]]) -> None:
    assert response.status_code < 500
    if _succeeded(response):
        return
    assert _explains(response), response.content[:2000]
    assert snapshot() == before, "a refused submission wrote to the database"


def _levels(response: HttpResponse) -> set[int]:
    return {message.level for message in get_messages(response.wsgi_request)}  # type: ignore[attr-defined]


def _succeeded(response: HttpResponse) -> bool:
    return response.status_code == 302 and messages.SUCCESS in _levels(response)


def _explains(response: HttpResponse) -> bool:
    if 400 <= response.status_code < 500 or messages.ERROR in _levels(response):
        return True
    page = response.content.decode()
    return 'role="alert"' in page or "errorlist" in page
