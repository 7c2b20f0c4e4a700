"""A form shown with a value and saved unchanged keeps it: every date and
datetime input round-trips, whatever the page's locale."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from html.parser import HTMLParser

import pytest
from django import forms

import kindred
from kindred.conftest import World, client_for

DAY = dt.date(2027, 3, 9)
MOMENT = dt.datetime(2027, 3, 9, 14, 30)


def every_form_class() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(kindred.__path__, "kindred."):
        if not module_info.name.endswith(".forms") or ".tests" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = value
    return list(found.values())


def date_fields() -> list[tuple[str, forms.Field]]:
    return [
        (f"{form.__name__}.{name}", field)
        for form in every_form_class()
        for name, field in form.base_fields.items()  # type: ignore[attr-defined]
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]


def test_the_forms_have_date_fields_to_check() -> None:
    names = {name for name, _ in date_fields()}
    assert {"ProgrammeForm.start_date", "ProposeForm.start"} <= names


@pytest.mark.parametrize(("name", "field"), date_fields(), ids=[n for n, _ in date_fields()])
def test_each_date_input_reads_back_what_it_rendered(name: str, field: forms.Field) -> None:
    value = MOMENT if isinstance(field, forms.DateTimeField) else DAY
    rendered = field.widget.format_value(value)
    # A browser's date picker shows only the ISO form; anything else is blank.
    browser_reads = {"date": "%Y-%m-%d", "datetime-local": "%Y-%m-%dT%H:%M"}
    expected = browser_reads.get(getattr(field.widget, "input_type", ""))
    if expected:
        assert rendered == value.strftime(expected), f"{name} renders {rendered!r}: blank"
    cleaned = field.clean(rendered)
    if isinstance(cleaned, dt.datetime):
        cleaned = cleaned.replace(tzinfo=None)
    assert cleaned == value, f"{name}: {value!r} rendered as {rendered!r}"


class FormValues(HTMLParser):
    """What a browser would submit for the page's form `index`, unchanged."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index, self.seen, self.inside = index, -1, False
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.seen += 1
            self.inside = self.seen == self.index
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "checkbox", "radio"):
            self.values.append((a["name"], a.get("value", "")))
        elif tag == "input" and "checked" in a:
            self.values.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values.append((a["name"], ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, text = self.values.pop()
            self.values.append((name, text + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None


def submitted_unchanged(html: str, holding: str) -> dict[str, list[str]]:
    """The values of the page's post form that has a field named `holding`."""
    for index in range(html.count("<form")):
        parser = FormValues(index)
        parser.feed(html)
        data: dict[str, list[str]] = {}
        for name, value in parser.values:
            data.setdefault(name, []).append(value.removeprefix("\n"))
        if holding in data:
            return data
    raise AssertionError(f"No form with a field {holding!r}.")


def test_programme_edit_saves_unchanged(world: World) -> None:
    programme = world.programme
    programme.showcase_date = DAY
    programme.save()
    client = client_for(world.manager)
    page = client.get("/programmes/alpha/edit/").content.decode()
    assert f'value="{programme.start_date.isoformat()}"' in page
    response = client.post(
        "/programmes/alpha/edit/", submitted_unchanged(page, holding="start_date")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    before = (programme.start_date, programme.end_date, programme.showcase_date)
    programme.refresh_from_db()
    assert (programme.start_date, programme.end_date, programme.showcase_date) == before
