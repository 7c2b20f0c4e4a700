"""What health contributes to the relationship workspace (kindred.pages):
the survey prompt, the health score, and the follow-through figures that
draw on commitments, meetings, messages and projects."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kindred.commitments.selectors import commitment_list, ledgers
from kindred.health.selectors import latest_health, newly_at_risk, pair_trend, survey_due
from kindred.lib.charts import Chart
from kindred.lib.panels import LATER, NOW, SOON, Step, View, panel, steps_from
from kindred.lib.phrases import phrase
from kindred.lib.timezones import local_today
from kindred.meetings.selectors import initiative, meetings_of, reliability
from kindred.projects.selectors import milestone_figures, projects_of
from kindred.relationships.panels import pair_only
from kindred.relationships.selectors import active_pairs_of

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
    return {"health_latest": latest, "health_chart": _trend_chart(trend).shown() if trend else None}


def _trend_chart(trend: list[Any]) -> Chart:
    return Chart(
        "pair-health",
        phrase("Your relationship's health"),
        phrase("Week by week, from keeping the cadence, follow-through, meetings and replies."),
        gettext_noop("Score"),
        [s.on.isoformat() for s in trend],
        {gettext_noop("Health"): [s.pair_score for s in trend]},
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


# --- next steps on the home -------------------------------------------------------


@steps_from("home")
def survey_steps(view: View) -> list[Step]:
    person = view.viewer
    today = local_today(person.timezone, view.now)
    steps = []
    for pair in view.once(active_pairs_of, person):
        if survey_due(pair, person, today=today) is not None:
            partner = pair.mentee if pair.mentor_id == person.pk else pair.mentor
            steps.append(
                Step(
                    SOON,
                    _("Two minutes: how is your mentoring with %(display_name)s going?")
                    % {"display_name": partner.display_name},
                    reverse("health:survey", args=[pair.pk]),
                    detail=_("Your answers are private; only pooled figures reach anyone else."),
                )
            )
    return steps


@steps_from("home")
def at_risk_steps(view: View) -> list[Step]:
    if not view.viewer.runs_programmes:
        return []
    return [
        _at_risk_step(programme, new, total) for programme, new, total in newly_at_risk(view.viewer)
    ]


def _at_risk_step(programme: Any, new: int, total: int) -> Step:
    link = reverse("health:at_risk", args=[programme.slug])
    if new:
        return Step(
            NOW,
            ngettext("%(count)s pair newly at risk", "%(count)s pairs newly at risk", new)
            % {"count": new},
            link,
            detail=_("%(total)s at risk in all; see each pair's reasons.") % {"total": total},
            about=programme.name,
        )
    return Step(
        LATER,
        ngettext("%(count)s pair at risk", "%(count)s pairs at risk", total) % {"count": total},
        link,
        detail=_("None new since the health check before; see each pair's reasons."),
        about=programme.name,
    )
