"""The dashboard of a circles programme: what a pair's charts show, read
from circles (placement instead of acceptance, group meetings and who came,
circle sizes, the circle's ledger and projects), in a fixed number of
queries however many circles. Comfort, the one private figure, is on the
Circles card, pooled over five people or more."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_noop

from kindred.circles.models import Attendance, Circle, CircleCommitment, CircleMeeting, CircleMember
from kindred.circles.selectors import placed_in_circles
from kindred.health.periods import per_period, week_edges, week_labels
from kindred.health.selectors import WEEKS, Filters
from kindred.lib.charts import Chart
from kindred.lib.phrases import phrase, phrases
from kindred.programs.models import Membership, Programme, Role
from kindred.projects.models import Project

SIZES = [str(n) for n in range(1, 9)]


def circles_in_scope(programme: Programme, filters: Filters) -> QuerySet[Circle]:
    """The programme's circles formed in the filter's dates, with someone
    from its department in them now."""
    circles = Circle.objects.filter(programme=programme)
    if filters.start:
        circles = circles.filter(formed_at__date__gte=filters.start)
    if filters.end:
        circles = circles.filter(formed_at__date__lte=filters.end)
    if filters.department:
        circles = circles.filter(
            Exists(
                CircleMember.objects.filter(
                    circle=OuterRef("pk"),
                    left_at__isnull=True,
                    person__department=filters.department,
                )
            )
        )
    return circles


def circle_charts(programme: Programme, filters: Filters, *, now: dt.datetime) -> list[Chart]:
    circles = circles_in_scope(programme, filters)
    return [
        placement(programme),
        *_meetings(circles, now),
        _sizes(circles),
        _follow_through(circles, now),
        _projects(circles),
    ]


def placement(programme: Programme) -> Chart:
    """Who is in a circle and who still waits for one, by role."""
    members, facilitators = placed_in_circles(programme)
    enrolled = dict(
        Membership.objects.filter(programme=programme)
        .values("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    placed = [float(len(facilitators)), float(len(members))]
    waiting = [
        float(max(0, enrolled.get(Role.MENTOR, 0) - len(facilitators))),
        float(max(0, enrolled.get(Role.MENTEE, 0) - len(members))),
    ]
    return Chart(
        "placement", phrase("Placed in circles"),
        phrase("%(members)s members and %(facilitators)s facilitators are in a circle; "
               "%(members_waiting)s members and %(facilitators_waiting)s facilitators wait for "
               "one.", members=round(placed[1]), facilitators=round(placed[0]),
               members_waiting=round(waiting[1]), facilitators_waiting=round(waiting[0])),
        gettext_noop("People"), [gettext_noop("Facilitators"), gettext_noop("Members")],
        {gettext_noop("In a circle"): placed, gettext_noop("Waiting"): waiting},
    )  # fmt: skip


def _meetings(circles: QuerySet[Circle], now: dt.datetime) -> list[Chart]:
    """Group meetings held each week, and the share of those invited who came."""
    weeks = week_labels(now)
    edges = week_edges(weeks)
    held = Attendance.objects.filter(
        meeting__circle__in=circles,
        meeting__status=CircleMeeting.Status.HELD,
        meeting__start__gte=edges[0],
        meeting__start__lte=now,
    )
    rows = per_period(
        held,
        "meeting__start",
        edges,
        lambda inside: {
            "meetings": Count("meeting", distinct=True, filter=inside),
            "recorded": Count("pk", filter=inside & Q(attended__isnull=False)),
            "came": Count("pk", filter=inside & Q(attended=True)),
        },
    )
    meetings = [float(r["meetings"]) for r in rows]
    came = [round(100 * r["came"] / r["recorded"]) if r["recorded"] else None for r in rows]
    shares = [c for c in came if c is not None]
    labels = [w.isoformat() for w in weeks]
    return [
        Chart(
            "circle-meetings", phrase("Circle meetings held per week"),
            phrases("%(count)s circle meeting held in the last %(weeks)s weeks; %(now)s this "
                    "week.",
                    "%(count)s circle meetings held in the last %(weeks)s weeks; %(now)s this "
                    "week.",
                    round(sum(meetings)), weeks=WEEKS, now=round(meetings[-1])),
            gettext_noop("Meetings"), labels, {gettext_noop("Held"): meetings},
        ),
        Chart(
            "circle-attendance", phrase("Who came to circle meetings"),
            phrase("The share of those invited who came, week by week; %(mean)s%% on average.",
                   mean=round(sum(shares) / len(shares)))
            if shares else phrase("The share of those invited who came, week by week."),
            gettext_noop("Per cent"), labels, {gettext_noop("Came (share of those invited)"): came},
            kind="line", y_max=100,
        ),
    ]  # fmt: skip


def _sizes(circles: QuerySet[Circle]) -> Chart:
    counts = Counter(
        circles.filter(status=Circle.Status.ACTIVE)
        .annotate(n=Count("places", filter=Q(places__left_at__isnull=True)))
        .values_list("n", flat=True)
    )
    values = [float(counts.get(n, 0)) for n in range(1, 9)]
    small = sum(values[:2])
    return Chart(
        "circle-sizes", phrase("People in each circle"),
        phrases("%(count)s active circle by how many people are in it now, facilitators "
                "included; %(small)s have fewer than three.",
                "%(count)s active circles by how many people are in them now, facilitators "
                "included; %(small)s have fewer than three.",
                round(sum(values)), small=round(small)),
        gettext_noop("Circles"), SIZES, {gettext_noop("Circles"): values},
    )  # fmt: skip


def _follow_through(circles: QuerySet[Circle], now: dt.datetime) -> Chart:
    figures = CircleCommitment.objects.filter(circle__in=circles).aggregate(
        made=Count("pk"),
        done=Count("pk", filter=Q(status=CircleCommitment.Status.DONE)),
        overdue=Count("pk", filter=Q(status=CircleCommitment.Status.OPEN, due_date__lt=now.date())),
    )
    values = [float(figures[k]) for k in ("made", "done", "overdue")]
    return Chart(
        "circle-follow", phrase("Follow-through on circle commitments"),
        phrases("%(count)s commitment made in front of a circle, %(done)s done; %(overdue)s "
                "overdue.",
                "%(count)s commitments made in front of a circle, %(done)s done; %(overdue)s "
                "overdue.",
                round(values[0]), done=round(values[1]), overdue=round(values[2])),
        gettext_noop("Commitments"),
        [gettext_noop("Made"), gettext_noop("Done"), gettext_noop("Overdue")],
        {gettext_noop("Commitments"): values},
    )  # fmt: skip


def _projects(circles: QuerySet[Circle]) -> Chart:
    projects = Project.objects.filter(circle=OuterRef("pk"))
    figures = circles.aggregate(
        all=Count("pk"),
        with_project=Count("pk", filter=Q(Exists(projects))),
        shown=Count("pk", filter=Q(Exists(projects.filter(submitted_at__isnull=False)))),
    )
    values = [float(figures[k]) for k in ("all", "with_project", "shown")]
    return Chart(
        "circle-projects", phrase("Projects and the showcase"),
        phrases("%(with_project)s of %(count)s circle has a joint project; %(submitted)s "
                "submitted to the showcase.",
                "%(with_project)s of %(count)s circles have a joint project; %(submitted)s "
                "submitted to the showcase.",
                round(values[0]), with_project=round(values[1]), submitted=round(values[2])),
        gettext_noop("Circles"),
        [gettext_noop("All"), gettext_noop("With a project"), gettext_noop("In the showcase")],
        {gettext_noop("Circles"): values},
    )  # fmt: skip
