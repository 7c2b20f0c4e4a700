"""Every CSV Kindred writes goes through here, so no cell can become a
formula. A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@`
(and some with a tab or carriage return) as a formula: a person's name or a
department typed as `=HYPERLINK(...)` would act in a manager's Excel.
Such a cell is written with a leading apostrophe, which spreadsheets show
as text and do not display. Numbers are written as numbers."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import translation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value` as it may stand in a CSV cell."""
    if isinstance(value, bool | int | float) or value is None:
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def _in_language(lines: Iterator[str], language: str | None) -> Iterator[str]:
    """Each line made in `language`: a streamed body is made after the view
    returns, when the request's language is no longer active, and words kept
    as phrases would come out in the default language."""
    while True:
        with translation.override(language):
            line = next(lines, None)
        if line is None:
            return
        yield line


def csv_download(rows: Iterable[Iterable[object]], filename: str) -> StreamingHttpResponse:
    """A streamed CSV attachment named `filename` (which Kindred chose), its
    words in the language of the request."""
    lines = _in_language(csv_lines(rows), translation.get_language())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
