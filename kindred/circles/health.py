"""A circle's health: the score a pair has (kindred.engines.health), read
from what a circle has (meetings kept on its cadence, who came, comfort
pooled over the minimum group of people), with its own reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Avg, Count

from kindred.circles.models import Circle, CircleCheckIn, CircleHealthSnapshot, CircleMeeting
from kindred.circles.projects import circle_team
from kindred.circles.selectors import agreement_in_force, people_of
from kindred.engines.health.score import Contributor, Inputs, health
from kindred.lib.health_words import contributor_phrase, contributors_kept
from kindred.lib.phrases import Phrase, kept_list, phrase
from kindred.lib.privacy import enough_people
from kindred.lib.timezones import local_today
from kindred.meetings.selectors import CADENCE_DAYS, cadence_periods
from kindred.programs.models import Programme
from kindred.projects.selectors import milestones_of, milestones_on_time

LAPSE_PERIODS = 1.5  # as for pairs: a cadence and a half without meeting


@dataclass(frozen=True)
class Comfort:
    """Check-ins pooled over the circle: nothing of them, not even how many,
    until they come from the minimum group of distinct people."""

    people: int = 0
    mean: float | None = None  # 1-5, both questions

    @property
    def shown(self) -> bool:
        return enough_people(self.people)


@dataclass(frozen=True)
class CircleHealth:
    score: float | None
    contributors: list[Contributor]
    reasons: list[Phrase] = field(default_factory=list)  # what needs attention, in any language
    comfort: Comfort = field(default_factory=Comfort)

    @property
    def contributor_words(self) -> list[str]:
        """What pulls the score most, in the reader's language."""
        return [str(contributor_phrase(found)) for found in self.contributors]


def pooled_comfort(circle: Circle) -> Comfort:
    found = CircleCheckIn.objects.filter(meeting__circle=circle).aggregate(
        people=Count("person", distinct=True),
        sharing=Avg("sharing_comfortable"),
        boundaries=Avg("boundaries_respected"),
    )
    if not enough_people(found["people"]):
        return Comfort()
    return Comfort(found["people"], round((found["sharing"] + found["boundaries"]) / 2, 2))


def circle_health(circle: Circle, *, now: dt.datetime) -> CircleHealth:
    held = list(
        circle.meetings.filter(status=CircleMeeting.Status.HELD)
        .prefetch_related("attendance")
        .order_by("start")
    )
    agreement = agreement_in_force(circle)
    cadence = agreement.cadence if agreement else circle.programme.default_cadence
    days = CADENCE_DAYS.get(cadence, 14)
    periods, kept = cadence_periods(circle.formed_at, now, days, [m.start for m in held])
    seats = [a.attended for m in held for a in m.attendance.all() if a.attended is not None]
    comfort = pooled_comfort(circle)
    on_time, overdue = follow_through(circle, now)
    found = health(
        Inputs(
            cadence_kept=kept / periods if periods else None,
            attended_share=sum(seats) / len(seats) if seats else None,
            comfort_mean=comfort.mean if comfort.shown else None,
            on_time_share=on_time,
            overdue_now=overdue,
            milestones_on_time=milestones_on_time(milestones_of(circle_team(circle)), now),
        )
    )
    return CircleHealth(
        found.score, found.contributors, _reasons(circle, held, days, now, agreement), comfort
    )


def follow_through(circle: Circle, now: dt.datetime) -> tuple[float | None, int]:
    """(share of commitments done that were done on time, how many are
    overdue now), each by its owner's own date."""
    done, on_time, overdue = 0, 0, 0
    for commitment in circle.commitments.select_related("owner"):
        kept = commitment.on_time()
        if kept is not None:
            done += 1
            on_time += kept
        elif commitment.overdue(local_today(commitment.owner.timezone, now)):
            overdue += 1
    return (on_time / done if done else None), overdue


def _reasons(
    circle: Circle, held: list[CircleMeeting], days: int, now: dt.datetime, agreement: object
) -> list[Phrase]:
    reasons = []
    if agreement is None:
        reasons.append(phrase("The agreement is not yet signed by everyone."))
    since = held[-1].start if held else circle.formed_at
    booked = circle.meetings.filter(status=CircleMeeting.Status.SCHEDULED, start__gt=now).exists()
    quiet = (now - since).days
    if quiet >= LAPSE_PERIODS * days and not booked:
        reasons.append(phrase("No meeting for %(days)s days, and none arranged.", days=quiet))
    if held:
        last = [a.attended for a in held[-1].attendance.all() if a.attended is not None]
        if last and sum(last) * 2 < len(last):
            reasons.append(
                phrase(
                    "Only %(came)s of %(invited)s came to the last meeting.",
                    came=sum(last),
                    invited=len(last),
                )
            )
    if len(people_of(circle)) < 3:
        reasons.append(phrase("Fewer than three people are left in the circle."))
    return reasons


def snapshot_circles(programme: Programme, *, now: dt.datetime) -> int:
    """Today's health of each of the programme's active circles, kept for
    the managers' list (the daily health run calls this)."""
    today = now.date()
    rows = []
    for circle in Circle.objects.filter(programme=programme, status=Circle.Status.ACTIVE):
        found = circle_health(circle, now=now)
        rows.append(
            CircleHealthSnapshot(
                circle=circle,
                on=today,
                score=found.score,
                # Kept as phrases, so each manager reads them in their own language.
                contributors=contributors_kept(found.contributors),
                reasons=kept_list(found.reasons),
            )
        )
    with transaction.atomic():
        CircleHealthSnapshot.objects.filter(circle__programme=programme, on=today).delete()
        CircleHealthSnapshot.objects.bulk_create(rows)
    return len(rows)
