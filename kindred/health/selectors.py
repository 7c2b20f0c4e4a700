"""Reads for health: the at-risk list, the CSV rows, and a pair's own
trend. The programme dashboard's charts are in `dashboard`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.health.models import HealthSnapshot, SurveyResponse
from kindred.lib.errors import NotFound
from kindred.programs.models import Membership, Programme, ProgrammeStatus
from kindred.programs.selectors import can_manage, programme_for_viewer, programmes_managed_by
from kindred.relationships.models import Relationship

WEEKS = 12


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None  # relationships started on or after
    end: dt.date | None = None  # and on or before
    department: str = ""  # the mentee's department

    def scope(self, programme: Programme) -> QuerySet[Relationship]:
        pairs = Relationship.objects.filter(programme=programme)
        if self.start:
            pairs = pairs.filter(started_at__date__gte=self.start)
        if self.end:
            pairs = pairs.filter(started_at__date__lte=self.end)
        if self.department:
            pairs = pairs.filter(mentee__department=self.department)
        return pairs


def programme_for_insights(user: User, slug: str) -> Programme:
    programme = programme_for_viewer(user, slug)
    if not can_manage(user, programme):
        raise NotFound(_("No such programme."))
    return programme


def departments(programme: Programme) -> list[str]:
    # Distinct in the database: a large programme has thousands of members
    # and a dozen departments.
    return list(
        Membership.objects.filter(programme=programme)
        .exclude(user__department="")
        .values_list("user__department", flat=True)
        .order_by("user__department")
        .distinct()
    )


def latest_day(programme: Programme) -> dt.date | None:
    return (
        HealthSnapshot.objects.filter(programme=programme)
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )


def latest_snapshots(
    programme: Programme, pairs: QuerySet[Relationship]
) -> QuerySet[HealthSnapshot]:
    day = latest_day(programme)
    if day is None:
        return HealthSnapshot.objects.none()
    return HealthSnapshot.objects.filter(programme=programme, on=day, relationship__in=pairs)


def at_risk(programme: Programme, filters: Filters) -> QuerySet[HealthSnapshot]:
    """At-risk pairs, most reasons first, then lowest score (sorted and
    paged by the database)."""
    return (
        latest_snapshots(programme, filters.scope(programme))
        .filter(at_risk=True)
        .select_related("relationship__mentor", "relationship__mentee")
        .order_by(F("risk_count").desc(), F("score").asc(nulls_last=True), "relationship_id")
    )


def pair_trend(relationship: Relationship) -> list[HealthSnapshot]:
    """The pair's own behaviour-only scores, for the relationship page."""
    return list(
        HealthSnapshot.objects.filter(relationship=relationship, pair_score__isnull=False).order_by(
            "-on"
        )[:12]
    )[::-1]


SHARED_PARTS = ("cadence", "follow_through", "reliability", "responsiveness", "milestones")


def export_rows(programme: Programme, filters: Filters) -> Iterator[list[object]]:
    """One row per relationship in scope, with its latest health."""
    day = latest_day(programme)
    latest = {
        s.relationship_id: s
        for s in HealthSnapshot.objects.filter(
            programme=programme, on=day, relationship__in=filters.scope(programme)
        ).only("relationship_id", "on", "score", "at_risk", "risks", "components")
    } if day else {}  # fmt: skip
    pairs = filters.scope(programme).select_related("mentor", "mentee").order_by("pk")
    for pair in pairs.iterator(chunk_size=2000):
        snapshot = latest.get(pair.pk)
        parts = snapshot.components if snapshot else {}
        yield [
            pair.pk, pair.mentor.display_name, pair.mentee.display_name,
            pair.mentor.department, pair.mentee.department, pair.started_at.date().isoformat(),
            pair.status, snapshot.on.isoformat() if snapshot else "",
            snapshot.score if snapshot else "", snapshot.at_risk if snapshot else "",
            "; ".join(snapshot.risk_words) if snapshot else "",
            *(parts.get(k, "") for k in SHARED_PARTS),
        ]  # fmt: skip


def latest_health(relationship: Relationship) -> HealthSnapshot | None:
    return HealthSnapshot.objects.filter(relationship=relationship).order_by("-on").first()


def survey_rounds(relationship: Relationship, *, today: dt.date) -> list[int]:
    """The rounds due by today, as days after the start: the first, then
    every so many days, and one on the programme's last day."""
    programme = relationship.programme
    start = relationship.started_at.date()
    rounds, day = [], programme.survey_first_day
    while start + dt.timedelta(days=day) <= today:
        rounds.append(day)
        day += max(programme.survey_every_days, 7)
    end_day = (programme.end_date - start).days
    if end_day > 0 and programme.end_date <= today and end_day not in rounds:
        rounds.append(end_day)
    return rounds


def survey_due(relationship: Relationship, person: User, *, today: dt.date) -> int | None:
    """The latest round the person has not answered, if any."""
    rounds = survey_rounds(relationship, today=today)
    if not rounds:
        return None
    answered = SurveyResponse.objects.filter(
        relationship=relationship, respondent=person, round_day=rounds[-1]
    ).exists()
    return None if answered else rounds[-1]


def newly_at_risk(manager: User) -> list[tuple[Programme, int, int]]:
    """Per programme the person runs: how many pairs are at risk on the
    latest health day that were not on the day before it, and how many are
    at risk in all."""
    found = []
    for programme in programmes_managed_by(manager).filter(status=ProgrammeStatus.RUNNING):
        days = list(
            HealthSnapshot.objects.filter(programme=programme)
            .order_by("-on")
            .values_list("on", flat=True)
            .distinct()[:2]
        )
        if not days:
            continue
        at_risk = HealthSnapshot.objects.filter(programme=programme, at_risk=True)
        now = set(at_risk.filter(on=days[0]).values_list("relationship_id", flat=True))
        before = (
            set(at_risk.filter(on=days[1]).values_list("relationship_id", flat=True))
            if len(days) > 1
            else set()
        )
        if now:
            found.append((programme, len(now - before), len(now)))
    return found
