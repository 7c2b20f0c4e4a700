"""Counting by week or month for the dashboards, a pair's and a circle's
alike: one aggregate query with a conditional aggregate per period."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from django.db.models import Aggregate, Q, QuerySet

from kindred.health.selectors import WEEKS


def per_period(
    queryset: QuerySet[Any],
    field: str,
    edges: list[Any],
    measures: Callable[[Q], dict[str, Aggregate]],
) -> list[dict[str, Any]]:
    """The database scans once and no per-row function is needed (SQLite
    has no native date truncation)."""
    expressions = {}
    for n, (begin, end) in enumerate(itertools.pairwise(edges)):
        inside = Q(**{f"{field}__gte": begin, f"{field}__lt": end})
        for name, aggregate in measures(inside).items():
            expressions[f"{name}_{n}"] = aggregate
    row = queryset.aggregate(**expressions)
    names = list(measures(Q()))
    return [{name: row[f"{name}_{n}"] for name in names} for n in range(len(edges) - 1)]


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def week_labels(now: dt.datetime) -> list[dt.date]:
    """The Mondays of the last WEEKS weeks, this one last."""
    monday = (now - dt.timedelta(days=now.weekday())).date()
    return [monday - dt.timedelta(weeks=WEEKS - 1 - n) for n in range(WEEKS)]


def week_edges(weeks: list[dt.date]) -> list[dt.datetime]:
    return [midnight(w) for w in weeks] + [midnight(weeks[-1] + dt.timedelta(weeks=1))]
