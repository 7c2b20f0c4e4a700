"""What health contributes to the relationship workspace (kindred.pages):
the survey prompt, the health score, and the follow-through figures that
draw on commitments, meetings, messages and projects."""

from __future__ import annotations

from typing import Any

from kindred.commitments.selectors import commitment_list, ledgers
from kindred.health.selectors import latest_health, pair_trend, survey_due
from kindred.lib.charts import Chart
from kindred.lib.panels import View, panel
from kindred.meetings.selectors import initiative, meetings_of, reliability
from kindred.projects.selectors import milestone_figures, projects_of
from kindred.relationships.panels import pair_only

PAGE = "relationship"


@panel(PAGE, "survey", template="health/panels/survey.html", order=30, visible=pair_only)
def survey(view: View) -> dict[str, Any] | None:
    due = survey_due(view.subject, view.viewer, today=view.now.date())
    return None if due is None else {"survey_due": due}


@panel(PAGE, "health", template="health/panels/health.html", order=60)
def health(view: View) -> dict[str, Any] | None:
    """The pair sees its behaviour-only trend; managers the full latest score."""
    latest = latest_health(view.subject)
    if latest is None:
        return None
    trend = pair_trend(view.subject) if view["in_pair"] else []
    return {"health_latest": latest, "health_chart": _trend_chart(trend) if trend else None}


def _trend_chart(trend: list[Any]) -> Chart:
    return Chart(
        "pair-health",
        "Your relationship's health",
        "Week by week, from keeping the cadence, follow-through, meetings and replies.",
        "Score",
        [f"{s.on:%d %b}" for s in trend],
        {"Health": [s.pair_score for s in trend]},
        kind="line",
        y_max=100,
    )


@panel(PAGE, "follow-through", template="health/panels/follow_through.html", order=71)
def follow_through(view: View) -> dict[str, Any]:
    """Follow-through, reliability and initiative for both people. Managers
    see the figures; only the pair sees what each commitment says."""
    relationship, now = view.subject, view.now
    meetings = view.once(meetings_of, relationship)
    ledger = ledgers(relationship, now=now, commitments=view.once(commitment_list, relationship))
    steady = reliability(relationship, meetings)
    return {
        "trust_people": [
            {"person": p, "ledger": ledger[p.pk], "reliability": steady[p.pk]}
            for p in (relationship.mentor, relationship.mentee)
        ],
        "initiative": initiative(relationship, meetings, now=now),
        "project_figures": milestone_figures(list(projects_of(relationship))),
    }
