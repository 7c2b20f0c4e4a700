"""The programme dashboard: every chart a manager reads, each pooled over
at least the minimum group of people, in a bounded number of queries
whatever the programme's size."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_noop

from kindred.commitments.models import Commitment
from kindred.development.selectors import module_completion, self_assessment_change
from kindred.engines.health.surveys import INGREDIENT_NAMES, INGREDIENTS
from kindred.health.circle_dashboard import circle_charts, placement
from kindred.health.models import HealthSnapshot, ProgrammeInsight, SurveyResponse
from kindred.health.periods import midnight, per_period, week_edges, week_labels
from kindred.health.selectors import WEEKS, Filters, latest_snapshots
from kindred.lib.charts import Chart
from kindred.lib.phrases import Phrase, phrase, phrases
from kindred.lib.privacy import MIN_GROUP, enough_people
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
            "enrolment", phrase("Enrolment and intake completion"),
            phrase("%(enrolled)s peers enrolled; %(done)s have completed the intake.",
                   enrolled=round(sum(enrolled)), done=round(sum(done))),
            gettext_noop("People"), [gettext_noop("Peers")],
            {gettext_noop("Enrolled"): [sum(enrolled)], gettext_noop("Intake done"): [sum(done)]},
        )  # fmt: skip
    counts = {"first": round(enrolled[0]), "second": round(enrolled[1]),
              "first_done": round(done[0]), "second_done": round(done[1])}  # fmt: skip
    return Chart(
        "enrolment", phrase("Enrolment and intake completion"),
        phrase("%(first)s facilitators and %(second)s members enrolled; %(first_done)s and "
               "%(second_done)s have completed the intake.", **counts)
        if programme.is_circles else
        phrase("%(first)s mentors and %(second)s mentees enrolled; %(first_done)s and "
               "%(second_done)s have completed the intake.", **counts),
        gettext_noop("People"), ROLE_LABELS[programme.is_circles],
        {gettext_noop("Enrolled"): enrolled, gettext_noop("Intake done"): done},
    )  # fmt: skip


ROLE_LABELS = {
    False: [gettext_noop("Mentor"), gettext_noop("Mentee")],
    True: [gettext_noop("Facilitator"), gettext_noop("Member")],
}


def _acceptance(programme: Programme) -> Chart:
    counts = Counter(
        Proposal.objects.filter(run__programme=programme)
        .exclude(status=Proposal.Status.DRAFT)
        .values_list("status", flat=True)
    )
    labels = [gettext_noop("Accepted"), gettext_noop("Declined"), gettext_noop("Waiting"),
              gettext_noop("Withdrawn")]  # fmt: skip
    keys = [Proposal.Status.ACCEPTED, Proposal.Status.DECLINED, Proposal.Status.PUBLISHED,
            Proposal.Status.WITHDRAWN]  # fmt: skip
    values = [float(counts.get(k, 0)) for k in keys]
    return Chart(
        "acceptance", phrase("Match acceptance"),
        phrases("Of %(count)s published proposal, %(accepted)s accepted by both, %(declined)s "
                "declined and %(waiting)s waiting.",
                "Of %(count)s published proposals, %(accepted)s accepted by both, %(declined)s "
                "declined and %(waiting)s waiting.",
                round(sum(values)), accepted=round(values[0]), declined=round(values[1]),
                waiting=round(values[2])),
        gettext_noop("Proposals"), labels, {gettext_noop("Proposals"): values},
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
        "meetings", phrase("Meetings held per week"),
        phrases("%(count)s meeting held in the last %(weeks)s weeks; %(now)s this week.",
                "%(count)s meetings held in the last %(weeks)s weeks; %(now)s this week.",
                round(sum(values)), weeks=WEEKS, now=round(values[-1])),
        gettext_noop("Meetings"), [w.isoformat() for w in weeks], {gettext_noop("Held"): values},
    )  # fmt: skip


BANDS = ["0-24%", "25-49%", "50-74%", "75-100%"]


def _band(value: float) -> int:
    return min(3, int(value * 4))


def _cadence(snapshots: list[tuple[float | None, dict[str, float], bool]]) -> Chart:
    counts = Counter(_band(c["cadence"]) for _, c, _ in snapshots if "cadence" in c)
    values = [float(counts.get(i, 0)) for i in range(4)]
    return Chart(
        "cadence", phrase("Cadence kept"),
        phrase("How many relationships held a meeting in each share of their agreed cadence "
               "periods; %(kept)s kept 75%% or more.", kept=round(values[3])),
        gettext_noop("Relationships"), BANDS, {gettext_noop("Relationships"): values},
    )  # fmt: skip


def _health_distribution(snapshots: list[tuple[float | None, dict[str, float], bool]]) -> Chart:
    labels = ["0-19", "20-39", "40-59", "60-79", "80-100"]
    counts = Counter(min(4, int(s // 20)) for s, _, _ in snapshots if s is not None)
    risky = sum(1 for _, _, r in snapshots if r)
    values = [float(counts.get(i, 0)) for i in range(5)]
    return Chart(
        "health", phrase("Health scores now"),
        phrases("%(count)s relationship scored; %(risky)s at risk.",
                "%(count)s relationships scored; %(risky)s at risk.", len(snapshots), risky=risky),
        gettext_noop("Relationships"), labels, {gettext_noop("Relationships"): values},
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
        "trend", phrase("Mean health score over time"),
        phrase("The mean health score of the relationships, week by week."),
        gettext_noop("Score"), [w.isoformat() for w in weeks], {gettext_noop("Mean score"): means},
        kind="line", y_max=100,
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
        INGREDIENT_NAMES[i]: [round(r[i], 2) if r[i] is not None else None for r in pooled]
        for i in INGREDIENTS
    }
    blank = sum(1 for r in rows if r["people"] and not enough_people(r["people"]))
    return Chart(
        "ingredients", phrase("The four ingredients over time"),
        phrases("Mean survey scale (1-7) for commitment, trust, relationship quality and mentor "
                "competence, month by month. A month shows only when at least %(group)s "
                "different people answered in it; %(count)s month left blank, too few to show.",
                "Mean survey scale (1-7) for commitment, trust, relationship quality and mentor "
                "competence, month by month. A month shows only when at least %(group)s "
                "different people answered in it; %(count)s months left blank, too few to show.",
                blank, group=MIN_GROUP)
        if blank else
        phrase("Mean survey scale (1-7) for commitment, trust, relationship quality and mentor "
               "competence, month by month. A month shows only when at least %(group)s "
               "different people answered in it.", group=MIN_GROUP),
        gettext_noop("Mean (1-7)"), [f"{m:%Y-%m}" for m in months], series, kind="line",
        y_max=7,
    )  # fmt: skip


def _follow_through(pairs: QuerySet[Relationship], now: dt.datetime) -> Chart:
    figures = Commitment.objects.filter(relationship__in=pairs).aggregate(
        made=Count("pk"),
        done=Count("pk", filter=Q(status=Commitment.Status.DONE)),
        unprompted=Count("pk", filter=Q(status=Commitment.Status.DONE, prompted=False)),
        overdue=Count("pk", filter=Q(status=Commitment.Status.OPEN, due_date__lt=now.date())),
    )
    labels = [gettext_noop("Made"), gettext_noop("Done"), gettext_noop("Done unprompted"),
              gettext_noop("Overdue")]  # fmt: skip
    values = [float(figures[k]) for k in ("made", "done", "unprompted", "overdue")]
    return Chart(
        "follow", phrase("Follow-through on commitments"),
        phrases("%(count)s commitment made, %(done)s done, %(unprompted)s of them before any "
                "reminder; %(overdue)s overdue.",
                "%(count)s commitments made, %(done)s done, %(unprompted)s of them before any "
                "reminder; %(overdue)s overdue.",
                round(values[0]), done=round(values[1]), unprompted=round(values[2]),
                overdue=round(values[3])),
        gettext_noop("Commitments"), labels, {gettext_noop("Commitments"): values},
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
                phrase("Fairness of matching: %(label)s", label=label),
                _fairness_words(attribute),
                gettext_noop("Per cent"),
                [g.get("label") or g.get("group", "") for g in groups],
                {
                    gettext_noop("Match rate (%)"): [
                        round(100 * g.get("match_rate", 0), 1) for g in groups
                    ],
                    gettext_noop("Mean compatibility (%)"): [
                        round(100 * g["mean_score"], 1) if g.get("mean_score") is not None else None
                        for g in groups
                    ],
                },
                y_max=100,
            )
        )
    return charts


def _fairness_words(attribute: dict[str, Any]) -> Phrase:
    ratio, hidden = attribute.get("homophily_ratio"), attribute.get("suppressed_groups", 0)
    if ratio is None:
        return phrase(
            "No homophily ratio: too few people have said which group they are in. Match rate "
            "and mean compatibility by group; groups under five people are not shown "
            "(%(hidden)s hidden).",
            hidden=hidden,
        )
    return phrase(
        "Homophily ratio %(ratio)s (1 means no more same-group pairs than chance). Match rate "
        "and mean compatibility by group; groups under five people are not shown "
        "(%(hidden)s hidden).",
        ratio=ratio,
        hidden=hidden,
    )


def _showcase(pairs: QuerySet[Relationship]) -> Chart:
    with_project = pairs.filter(Exists(Project.objects.filter(relationship=OuterRef("pk"))))
    submitted = pairs.filter(
        Exists(Project.objects.filter(relationship=OuterRef("pk"), submitted_at__isnull=False))
    )
    values = [float(pairs.count()), float(with_project.count()), float(submitted.count())]
    return Chart(
        "showcase", phrase("Projects and the showcase"),
        phrases("%(with_project)s of %(count)s relationship has a joint project; %(submitted)s "
                "submitted to the showcase.",
                "%(with_project)s of %(count)s relationships have a joint project; %(submitted)s "
                "submitted to the showcase.",
                round(values[0]), with_project=round(values[1]), submitted=round(values[2])),
        gettext_noop("Relationships"),
        [gettext_noop("All"), gettext_noop("With a project"), gettext_noop("In the showcase")],
        {gettext_noop("Relationships"): values},
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
