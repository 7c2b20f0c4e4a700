"""Property-based fuzzing of the forms that take the most free input: the
people import (a CSV file), every intake step, the engagement agreement and
the meeting proposal. Whatever arrives, the answer is a clear error or a
success, never a server error, and a refused submission writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from kindred.commitments.forms import CommitmentForm
from kindred.conftest import World, client_for, give_intake
from kindred.lib.forms import DayField
from kindred.lib.tests.fuzzing import (
    FUZZ,
    LINES,
    assert_clean_outcome,
    datetimes,
    form_data,
    junk,
    rolled_back,
    snapshot,
)
from kindred.meetings.forms import ProposeForm
from kindred.profiles import views as intake_views
from kindred.profiles.logistics import LogisticsError, parse_boundary_lines
from kindred.profiles.selectors import own_profile
from kindred.programs.importer import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from kindred.relationships.forms import AgreementForm
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
CELLS: dict[str, st.SearchStrategy[str]] = {
    "email": st.sampled_from(
        ["ada@fuzz.example", "ben@fuzz.example", "ADA@fuzz.example", "", "no-at"]
    ),
    "full_name": st.sampled_from(["Ada Obi", "Ben Li", "", "x" * 151]),
    "level": st.sampled_from(["3", "", "-2", "twelve", "1e3"]),
    "manager_email": st.sampled_from(["", "ben@fuzz.example", "ada@fuzz.example", "nobody@"]),
    "timezone": st.sampled_from(
        ["Europe/London", "asia/kolkata", "Pacific/Kiritimati", "Mars/Base", ""]
    ),
    "languages": st.sampled_from(["en", "en; fr", "klingon", ""]),
    "role": st.sampled_from(["mentor", "mentee", "", "boss"]),
}


def cell(column: str) -> st.SearchStrategy[str]:
    return st.one_of(CELLS.get(column, st.sampled_from(["Engineering", "Lagos", ""])), junk)


@st.composite
def people_csv(draw: st.DrawFn) -> bytes:
    """Mostly files shaped like an HR export with something wrong in them;
    sometimes a wrong header, a wrong encoding or bytes that are no CSV."""
    header = draw(
        st.one_of(
            st.permutations(COLUMNS),
            st.lists(st.sampled_from(COLUMNS), max_size=12),
            st.lists(junk, max_size=4),
        )
    )
    rows = draw(st.lists(st.tuples(*[cell(name) for name in header]), max_size=5))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    text = out.getvalue().encode(encoding, errors="replace")
    return draw(st.one_of(st.just(text), st.binary(max_size=400), st.just(text + b"\x00")))


@pytest.fixture
def pair(world: World) -> Relationship:
    for n, person in enumerate([world.owner, world.partner]):
        give_intake(person, seed=n)
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


def submit(client: Client, url: str, data: Any) -> None:
    before = snapshot()
    with rolled_back():
        response = client.post(url, data)
        assert_clean_outcome(response, before)


@FUZZ
@given(data=people_csv())
def test_people_import_refuses_bad_files_whole(world: World, data: bytes) -> None:
    upload = SimpleUploadedFile("people.csv", data, content_type="text/csv")
    submit(
        client_for(world.manager), f"/programmes/{world.programme.slug}/import/", {"file": upload}
    )


def intake_form(world: World, step: str) -> Any:
    """The step's form as the page builds it, to read its fields from."""
    request = RequestFactory().get("/")
    context = intake_views.StepContext(request, world.owner, own_profile(world.owner))
    form, _ = intake_views.STEP_HANDLERS[step](context)
    return form


def intake_data(world: World, step: str) -> st.SearchStrategy[Any]:
    form = intake_form(world, step)
    blocks = getattr(form, "blocks", None)  # the boundaries step carries a formset
    if blocks is None:
        return form_data(form)
    management = {
        f"blocks-{name}": st.one_of(st.integers(-1, 1200).map(str), junk)
        for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    rows = [form_data(row) for row in blocks.forms[:2]]
    return st.tuples(form_data(form, management), *rows).map(
        lambda parts: {key: value for part in parts for key, value in part.items()}
    )


@pytest.mark.parametrize("step", list(intake_views.STEP_HANDLERS))
def test_intake_steps_refuse_bad_answers_without_saving(world: World, step: str) -> None:
    client = client_for(world.owner)

    @FUZZ
    @given(data=intake_data(world, step))
    def fuzz(data: dict[str, Any]) -> None:
        submit(client, f"/intake/{step}/", data)

    fuzz()


@FUZZ
@given(data=form_data(AgreementForm()))
def test_agreement_form_refuses_bad_terms_without_saving(
    world: World, pair: Relationship, data: dict[str, Any]
) -> None:
    submit(client_for(world.owner), f"/relationships/{pair.pk}/agreement/", data)


slots = st.one_of(
    datetimes.map(lambda moment: moment.isoformat()),
    st.tuples(datetimes, st.sampled_from(["+14:00", "-12:00", "Z"])).map(
        lambda pair: pair[0].isoformat() + pair[1]
    ),
    junk,
)


@FUZZ
@given(data=form_data(ProposeForm(), {"slot": slots}))
def test_meeting_proposal_refuses_bad_times_without_booking(
    world: World, pair: Relationship, data: dict[str, Any]
) -> None:
    submit(client_for(world.owner), f"/relationships/{pair.pk}/meetings/propose/", data)


def test_commitment_form_refuses_bad_dates_without_saving(world: World, pair: Relationship) -> None:
    # A due date is moved into the owner's zone and a day on for reminders:
    # the calendar's last day would have broken the page after saving.
    client = client_for(world.owner)

    @FUZZ
    @given(data=form_data(CommitmentForm(relationship=pair)))
    def fuzz(data: dict[str, Any]) -> None:
        submit(client, f"/relationships/{pair.pk}/commitments/", data)

    fuzz()


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_typed_dates_stay_well_inside_the_calendar(typed: str) -> None:
    with pytest.raises(ValidationError):
        DayField().clean(typed)
    assert DayField().clean("2199-12-31") == dt.date(2199, 12, 31)


def test_the_fuzzed_lines_include_ones_the_parser_accepts_and_refuses() -> None:
    # Guards the strategy: lines that all fail would never reach the writes.
    def accepted(text: str) -> bool:
        try:
            parse_boundary_lines(text)
        except LogisticsError:
            return False
        return True

    assert [accepted(line) for line in LINES] == [True] * 3 + [False] * 4
