"""The programme dashboard: every chart a manager reads, each pooled over
at least the minimum group of people, in a bounded number of queries
whatever the programme's size."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from kindred.commitments.models import Commitment
from kindred.development.selectors import module_completion, self_assessment_change
from kindred.engines.health.surveys import INGREDIENT_NAMES, INGREDIENTS
from kindred.health.circle_dashboard import circle_charts, placement
from kindred.health.models import HealthSnapshot, ProgrammeInsight, SurveyResponse
from kindred.health.periods import midnight, per_period, week_edges, week_labels
from kindred.health.selectors import WEEKS, Filters, latest_snapshots
from kindred.lib.charts import Chart
from kindred.lib.privacy import MIN_GROUP, NOT_ENOUGH, enough_people
from kindred.matching.models import MatchRun, Proposal
from kindred.meetings.models import Meeting
from kindred.programs.models import Membership, Programme, Role
from kindred.projects.models import Project
from kindred.relationships.models import Relationship


def dashboard(programme: Programme, filters: Filters, *, now: dt.datetime) -> list[Chart]:
    """The charts for the programme's format: a circles programme has no
    pairs, so its own charts stand where theirs would."""
    everywhere = [
        *_fairness(programme),
        module_completion(programme, department=filters.department),
        self_assessment_change(programme, department=filters.department),
    ]
    if programme.is_circles:
        return [
            _enrolment(programme, filters),
            *circle_charts(programme, filters, now=now),
            *everywhere,
        ]
    pairs = filters.scope(programme)
    snapshots = list(
        latest_snapshots(programme, pairs).values_list("score", "components", "at_risk")
    )
    return [
        _enrolment(programme, filters),
        _acceptance(programme),
        _meetings_per_week(pairs, now),
        _cadence(snapshots),
        _health_distribution(snapshots),
        _health_trend(programme, pairs, now),
        _ingredients(pairs, now),
        _follow_through(pairs, now),
        _showcase(pairs),
        *everywhere,
    ]


def _enrolment(programme: Programme, filters: Filters) -> Chart:
    members = Membership.objects.filter(programme=programme)
    if filters.department:
        members = members.filter(user__department=filters.department)
    intake = Q(user__profile__intake_completed_at__isnull=False)
    counted = members.values("role").annotate(n=Count("pk"), done=Count("pk", filter=intake))
    rows = {role: (n, done) for role, n, done in counted.values_list("role", "n", "done")}
    enrolled = [float(rows.get(r, (0, 0))[0]) for r in (Role.MENTOR, Role.MENTEE)]
    done = [float(rows.get(r, (0, 0))[1]) for r in (Role.MENTOR, Role.MENTEE)]
    if programme.is_peer:  # one pool: the side someone enrolled on does not matter
        return Chart(
            "enrolment", "Enrolment and intake completion",
            f"{sum(enrolled):.0f} peers enrolled; {sum(done):.0f} have completed the intake.",
            "People", ["Peers"], {"Enrolled": [sum(enrolled)], "Intake done": [sum(done)]},
        )  # fmt: skip
    mentors, mentees = ROLE_WORDS[programme.is_circles]
    return Chart(
        "enrolment", "Enrolment and intake completion",
        f"{enrolled[0]:.0f} {mentors} and {enrolled[1]:.0f} {mentees} enrolled; "
        f"{done[0]:.0f} and {done[1]:.0f} have completed the intake.",
        "People", ROLE_LABELS[programme.is_circles], {"Enrolled": enrolled, "Intake done": done},
    )  # fmt: skip


ROLE_WORDS = {False: ("mentors", "mentees"), True: ("facilitators", "members")}
ROLE_LABELS = {False: ["Mentor", "Mentee"], True: ["Facilitator", "Member"]}


def _acceptance(programme: Programme) -> Chart:
    counts = Counter(
        Proposal.objects.filter(run__programme=programme)
        .exclude(status=Proposal.Status.DRAFT)
        .values_list("status", flat=True)
    )
    labels = ["Accepted", "Declined", "Waiting", "Withdrawn"]
    keys = [Proposal.Status.ACCEPTED, Proposal.Status.DECLINED, Proposal.Status.PUBLISHED,
            Proposal.Status.WITHDRAWN]  # fmt: skip
    values = [float(counts.get(k, 0)) for k in keys]
    return Chart(
        "acceptance", "Match acceptance",
        f"Of {sum(values):.0f} published proposals, {values[0]:.0f} accepted by both, "
        f"{values[1]:.0f} declined and {values[2]:.0f} waiting.",
        "Proposals", labels, {"Proposals": values},
    )  # fmt: skip


def _meetings_per_week(pairs: QuerySet[Relationship], now: dt.datetime) -> Chart:
    weeks = week_labels(now)
    edges = week_edges(weeks)
    rows = per_period(
        Meeting.objects.filter(
            relationship__in=pairs, status=Meeting.Status.HELD, start__gte=edges[0], start__lte=now
        ),
        "start",
        edges,
        lambda inside: {"held": Count("pk", filter=inside)},
    )
    values = [float(r["held"]) for r in rows]
    return Chart(
        "meetings", "Meetings held per week",
        f"{sum(values):.0f} meetings held in the last {WEEKS} weeks; "
        f"{values[-1]:.0f} this week.",
        "Meetings", [f"{w:%d %b}" for w in weeks], {"Held": values},
    )  # fmt: skip


BANDS = ["0-24%", "25-49%", "50-74%", "75-100%"]


def _band(value: float) -> int:
    return min(3, int(value * 4))


def _cadence(snapshots: list[tuple[float | None, dict[str, float], bool]]) -> Chart:
    counts = Counter(_band(c["cadence"]) for _, c, _ in snapshots if "cadence" in c)
    values = [float(counts.get(i, 0)) for i in range(4)]
    return Chart(
        "cadence", "Cadence kept",
        f"How many relationships held a meeting in each share of their agreed cadence periods; "
        f"{values[3]:.0f} kept 75% or more.",
        "Relationships", BANDS, {"Relationships": values},
    )  # fmt: skip


def _health_distribution(snapshots: list[tuple[float | None, dict[str, float], bool]]) -> Chart:
    labels = ["0-19", "20-39", "40-59", "60-79", "80-100"]
    counts = Counter(min(4, int(s // 20)) for s, _, _ in snapshots if s is not None)
    risky = sum(1 for _, _, r in snapshots if r)
    values = [float(counts.get(i, 0)) for i in range(5)]
    return Chart(
        "health", "Health scores now",
        f"{len(snapshots)} relationships scored; {risky} at risk.",
        "Relationships", labels, {"Relationships": values},
    )  # fmt: skip


def _health_trend(programme: Programme, pairs: QuerySet[Relationship], now: dt.datetime) -> Chart:
    weeks = week_labels(now)
    rows = per_period(
        HealthSnapshot.objects.filter(
            programme=programme, relationship__in=pairs, on__gte=weeks[0]
        ),
        "on",
        [*weeks, weeks[-1] + dt.timedelta(weeks=1)],
        lambda inside: {"mean": Avg("score", filter=inside)},
    )
    means = [round(r["mean"], 1) if r["mean"] is not None else None for r in rows]
    return Chart(
        "trend", "Mean health score over time",
        "The mean health score of the relationships, week by week.",
        "Score", [f"{w:%d %b}" for w in weeks], {"Mean score": means}, kind="line", y_max=100,
    )  # fmt: skip


def _month_starts(now: dt.datetime, count: int = 12) -> list[dt.date]:
    first = now.date().replace(day=1)
    months = [first]
    for _ in range(count - 1):
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    return months


def _ingredients(pairs: QuerySet[Relationship], now: dt.datetime) -> Chart:
    months = _month_starts(now)
    next_month = (months[-1] + dt.timedelta(days=32)).replace(day=1)
    edges = [midnight(m) for m in [*months, next_month]]
    rows = per_period(
        SurveyResponse.objects.filter(relationship__in=pairs, submitted_at__gte=edges[0]),
        "submitted_at",
        edges,
        lambda inside: {
            "people": Count("respondent", distinct=True, filter=inside),
            **{i: Avg(i, filter=inside) for i in INGREDIENTS},
        },
    )
    # Each month's means pool five different people or are left blank,
    # whatever filter narrowed the relationships.
    pooled: list[dict[str, Any]] = [
        r if enough_people(r["people"]) else dict.fromkeys(INGREDIENTS) for r in rows
    ]
    series = {
        gettext(INGREDIENT_NAMES[i]): [round(r[i], 2) if r[i] is not None else None for r in pooled]
        for i in INGREDIENTS
    }
    blank = sum(1 for r in rows if r["people"] and not enough_people(r["people"]))
    return Chart(
        "ingredients", "The four ingredients over time",
        "Mean survey scale (1-7) for commitment, trust, relationship quality and mentor "
        f"competence, month by month. A month shows only when at least {MIN_GROUP} different "
        "people answered in it"
        + (f"; {blank} month{'s' if blank != 1 else ''} left blank: {NOT_ENOUGH.lower()}."
           if blank else "."),
        "Mean (1-7)", [f"{m:%b %y}" for m in months], series, kind="line", y_max=7,
    )  # fmt: skip


def _follow_through(pairs: QuerySet[Relationship], now: dt.datetime) -> Chart:
    figures = Commitment.objects.filter(relationship__in=pairs).aggregate(
        made=Count("pk"),
        done=Count("pk", filter=Q(status=Commitment.Status.DONE)),
        unprompted=Count("pk", filter=Q(status=Commitment.Status.DONE, prompted=False)),
        overdue=Count("pk", filter=Q(status=Commitment.Status.OPEN, due_date__lt=now.date())),
    )
    labels = ["Made", "Done", "Done unprompted", "Overdue"]
    values = [float(figures[k]) for k in ("made", "done", "unprompted", "overdue")]
    return Chart(
        "follow", "Follow-through on commitments",
        f"{values[0]:.0f} commitments made, {values[1]:.0f} done, {values[2]:.0f} of them before "
        f"any reminder; {values[3]:.0f} overdue.",
        "Commitments", labels, {"Commitments": values},
    )  # fmt: skip


def _fairness(programme: Programme) -> list[Chart]:
    run = MatchRun.objects.filter(programme=programme).exclude(audit=[]).order_by("-id").first()
    if run is None:
        return []
    charts = []
    for attribute in run.audit:
        groups = attribute.get("groups", [])
        label = attribute.get("label") or attribute.get("attribute", "")
        charts.append(
            Chart(
                f"fair-{attribute.get('attribute', '')}",
                f"Fairness of matching: {label}",
                _homophily(attribute.get("homophily_ratio")) + " (1 means no more same-group "
                f"pairs than chance). Match rate and mean compatibility by group; groups under "
                f"five people are not shown"
                f" ({attribute.get('suppressed_groups', 0)} hidden).",
                "Per cent",
                [g.get("label") or g.get("group", "") for g in groups],
                {
                    "Match rate (%)": [round(100 * g.get("match_rate", 0), 1) for g in groups],
                    "Mean compatibility (%)": [
                        round(100 * g["mean_score"], 1) if g.get("mean_score") is not None else None
                        for g in groups
                    ],
                },
                y_max=100,
            )
        )
    return charts


def _homophily(ratio: float | None) -> str:
    if ratio is None:
        return "No homophily ratio: too few people have said which group they are in"
    return f"Homophily ratio {ratio}"


def _showcase(pairs: QuerySet[Relationship]) -> Chart:
    with_project = pairs.filter(Exists(Project.objects.filter(relationship=OuterRef("pk"))))
    submitted = pairs.filter(
        Exists(Project.objects.filter(relationship=OuterRef("pk"), submitted_at__isnull=False))
    )
    values = [float(pairs.count()), float(with_project.count()), float(submitted.count())]
    return Chart(
        "showcase", "Projects and the showcase",
        f"{values[1]:.0f} of {values[0]:.0f} relationships have a joint project; "
        f"{values[2]:.0f} submitted to the showcase.",
        "Relationships", ["All", "With a project", "In the showcase"], {"Relationships": values},
    )  # fmt: skip


# Charts a manager's own action changes (an import, a publication, a
# participant's answer) are cheap to count and read live: a dashboard that
# says "0 published proposals" right after publishing is not believed again.
LIVE: dict[str, Callable[[Programme], Chart]] = {
    "enrolment": lambda programme: _enrolment(programme, Filters()),
    "acceptance": _acceptance,
    "placement": placement,
}


def insight_charts(programme: Programme, filters: Filters, *, now: dt.datetime) -> list[Chart]:
    """The unfiltered dashboard as the daily health run stored it, with the
    LIVE charts counted now; with a filter, or before any run, all computed
    now."""
    if filters == Filters():
        stored = (
            ProgrammeInsight.objects.filter(programme=programme)
            .order_by("-on")
            .values_list("charts", flat=True)
            .first()
        )
        if stored is not None:
            charts = [Chart(**chart) for chart in stored]
            return [LIVE[c.key](programme) if c.key in LIVE else c for c in charts]
    return dashboard(programme, filters, now=now)
