"""Outcomes for a programme's managers and organisation admins (its report
as a page that prints, a CSV and a PDF; every managed programme pooled),
and for each participant their own certificate (a PDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.audit import services as audit
from kindred.engines.outcomes.comparison import BALANCED, Comparison, Effect, Interval
from kindred.health.selectors import programme_for_insights
from kindred.lib.errors import NotFound
from kindred.lib.http import authenticated_user
from kindred.lib.pdf import pdf_download, pdf_of
from kindred.lib.spreadsheet import csv_download
from kindred.outcomes import timelines, words
from kindred.outcomes.certificate import certificate_of
from kindred.outcomes.engagement import engagement_links
from kindred.outcomes.report import (
    RETENTION,
    YEAR,
    ProgrammeOutcomes,
    Side,
    programme_outcomes,
    rolled_up,
    took_part,
)
from kindred.programs.models import Programme
from kindred.programs.selectors import programme_for_viewer, programmes_managed_by
from kindred.relationships.models import CloseOut


@dataclass(frozen=True)
class Row:
    """One outcome of one side, in points (percentage points) for the page."""

    name: str
    label: str
    participants: float  # percent
    comparison: float
    effect: Interval  # in points
    naive: Interval
    did: Interval | None


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_insights(authenticated_user(request), slug)
    return render(request, "outcomes/report.html", _report_context(programme))


def _report_context(programme: Programme) -> dict[str, Any]:
    found = programme_outcomes(programme, timelines.load(), today=timezone.now().date())
    return {
        "programme": programme,
        "report": found,
        "sides": [_side(found, s) for s in found.sides],
        "skills": found.skills,
        "close_outs": found.close_outs,
        "links": [
            (words.MEASURES[link.measure], link, _rounded(link.difference))
            for link in engagement_links(programme)
        ],
        "reasons": [
            (CloseOut.EarlyEnd(code).label, count)
            for code, count in (found.close_outs.early_reasons if found.close_outs else [])
        ],
        "reached": found.objectives_reached,
    }


@login_required
def certificate(request: HttpRequest, slug: str) -> HttpResponse:
    """One's own certificate of a programme one took part in, as a PDF."""
    user = authenticated_user(request)
    programme = programme_for_viewer(user, slug)
    found = certificate_of(user, programme)
    data = pdf_of("outcomes/certificate.html", {"certificate": found}, request)
    return pdf_download(data, f"{programme.slug}-certificate.pdf")


@login_required
def across(request: HttpRequest) -> HttpResponse:
    """Every programme the person manages (an organisation admin: all), each
    side's headline, and the outcomes pooled across them."""
    user = authenticated_user(request)
    programmes = list(programmes_managed_by(user).order_by("-start_date", "name"))
    if not programmes:
        raise NotFound(_("No such page."))
    today = timezone.now().date()
    found = timelines.load()
    ever = took_part()
    reports = [
        programme_outcomes(programme, found, today=today, ever=ever) for programme in programmes
    ]
    pooled = [
        (words.SIDES[p.side], words.OUTCOMES[p.outcome], p, _rounded(p.effect, 100))
        for p in rolled_up(reports)
    ]
    return render(
        request,
        "outcomes/across.html",
        {"reports": [(r, [_side(r, s) for s in r.sides]) for r in reports], "pooled": pooled},
    )


@login_required
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The report as a PDF file: the page as it prints."""
    programme = programme_for_insights(authenticated_user(request), slug)
    audit.record(audit.Action.EXPORT, programme=programme, target="outcomes.pdf")
    data = pdf_of("outcomes/report.html", _report_context(programme), request)
    return pdf_download(data, f"{programme.slug}-outcomes.pdf")


@login_required
def export(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    programme = programme_for_insights(authenticated_user(request), slug)
    audit.record(audit.Action.EXPORT, programme=programme, target="outcomes.csv")
    found = programme_outcomes(programme, timelines.load(), today=timezone.now().date())
    return csv_download([CSV_COLUMNS, *_csv_rows(found)], f"{programme.slug}-outcomes.csv")


def _side(found: ProgrammeOutcomes, side: Side) -> dict[str, Any]:
    result = side.result if isinstance(side.result, Comparison) else None
    return {
        "side": side,
        "label": words.SIDES[side.side],
        "result": result,
        "rows": [_row(name, effect) for name, effect in result.effects.items()] if result else [],
        "balance": [(words.covariate(b.covariate), b) for b in result.balance] if result else [],
        "waiting": [(words.OUTCOMES[name], _due(found.index, name)) for name in side.waiting],
        "bound": BALANCED,
    }


def _row(name: str, effect: Effect) -> Row:
    return Row(
        name,
        str(words.OUTCOMES[name]),
        round(100 * effect.participant_mean, 1),
        round(100 * effect.comparison_mean, 1),
        _rounded(effect.effect, 100),
        _rounded(effect.naive, 100),
        _rounded(effect.did, 100) if effect.did else None,
    )


def _rounded(interval: Interval, scale: float = 1.0) -> Interval:
    """An interval for the page: scaled (100 makes points of a share), to one decimal."""
    values = (interval.estimate, interval.low, interval.high)
    return Interval(*(round(scale * value, 1) for value in values))


def _due(index: dt.date, name: str) -> dt.date:
    return index + dt.timedelta(days=RETENTION.get(name, YEAR))


CSV_COLUMNS = [
    "programme", "side", "outcome", "participants", "comparison", "effective_comparison",
    "participant_rate", "comparison_rate", "effect", "effect_low", "effect_high",
    "naive", "naive_low", "naive_high", "did", "did_low", "did_high", "balanced", "note",
]  # fmt: skip


def _csv_rows(found: ProgrammeOutcomes) -> list[list[object]]:
    rows: list[list[object]] = []
    for side in found.sides:
        head = [found.programme.slug, side.side]
        if not isinstance(side.result, Comparison):
            rows.append([*head, "", *[""] * 15, "fewer than 10 on a side: not shown"])
            continue
        result = side.result
        counts = [result.participants, result.comparison, round(result.effective_comparison, 1)]
        for name, effect in result.effects.items():
            did = _interval_cells(effect.did)
            rows.append(
                [*head, name, *counts, round(effect.participant_mean, 4),
                 round(effect.comparison_mean, 4), *_interval_cells(effect.effect),
                 *_interval_cells(effect.naive), *did, result.balanced, ""]
            )  # fmt: skip
        rows += [[*head, name, *[""] * 15, "not yet"] for name in side.waiting]
    return rows


def _interval_cells(interval: Interval | None) -> list[object]:
    if interval is None:
        return ["", "", ""]
    return [round(interval.estimate, 4), round(interval.low, 4), round(interval.high, 4)]
