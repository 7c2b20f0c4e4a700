"""No CSV cell Kindred writes can run as a formula (issue 20, finding 10)."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction

from kindred.accounts.models import User
from kindred.conftest import World, client_for
from kindred.lib.spreadsheet import FORMULA_STARTS, csv_lines, safe_cell
from kindred.relationships.services import relationship_start


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(start: str) -> None:
    text = f'{start}HYPERLINK("http://evil.example","x")'
    assert safe_cell(text) == "'" + text
    (line,) = csv_lines([[text, 3, -2.5, None]])
    cells = next(csv.reader(io.StringIO(line)))
    assert cells[0] == "'" + text
    assert cells[1:] == ["3", "-2.5", ""]  # numbers stay numbers


def test_ordinary_text_is_untouched() -> None:
    for text in ("Ana", "ops - east", "a=b", "", "'quoted"):
        assert safe_cell(text) == text


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_the_relationships_export_neutralises_names(world: World, start: str) -> None:
    User.objects.filter(pk=world.owner.pk).update(
        full_name=f"{start}cmd|' /C calc'!A0", department=f"{start}1+1"
    )
    with transaction.atomic():
        relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    response = client_for(world.manager).get("/programmes/alpha/relationships.csv")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert f"'{start}cmd|' /C calc'!A0" in cells and f"'{start}1+1" in cells
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells if cell)
