"""Reads for circles. Everyone in a circle sees all of it; the programme's
managers (and admins) see who is in it, its agreement's state and its
meetings, never its conversation; anyone else is told it does not exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from django.db.models import Avg, Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.circles.models import (
    Attendance,
    Circle,
    CircleAgreement,
    CircleCheckIn,
    CircleHealthSnapshot,
    CircleMeeting,
    CircleMember,
    CircleSignature,
)
from kindred.lib.errors import NotFound
from kindred.lib.privacy import enough_people
from kindred.profiles.logistics import Boundaries, LogisticsError, parse_boundary_lines
from kindred.programs.models import Programme
from kindred.programs.selectors import can_manage, programmes_managed_by

Interval = tuple[dt.datetime, dt.datetime]
NAME = "circles"  # as the engagements registry knows this app


def current_places() -> Prefetch[str]:
    return Prefetch(
        "places",
        queryset=CircleMember.objects.filter(left_at__isnull=True).select_related(
            "person__profile"
        ),
        to_attr="current",
    )


def circles_of(person: User) -> list[Circle]:
    """The active circles the person is in, with everyone in them."""
    return list(
        Circle.objects.filter(
            status=Circle.Status.ACTIVE, places__person=person, places__left_at__isnull=True
        )
        .select_related("programme")
        .prefetch_related(current_places())
        .distinct()
    )


def circles_of_programme(programme: Programme) -> QuerySet[Circle]:
    return Circle.objects.filter(programme=programme).prefetch_related(current_places())


def circles_with_figures(programme: Programme) -> list[Circle]:
    """The programme's circles with, on each, the meetings held, the next
    one, and whether everyone now in it has signed its agreement (read in
    a fixed number of queries, however many circles)."""
    circles: list[Circle] = list(
        circles_of_programme(programme)
        .annotate(
            held=Count("meetings", filter=Q(meetings__status=CircleMeeting.Status.HELD)),
            next_meeting=Min(
                "meetings__start",
                filter=Q(
                    meetings__status=CircleMeeting.Status.SCHEDULED,
                    meetings__start__gt=timezone.now(),
                ),
            ),
        )
        .prefetch_related("agreements__signatures")
    )
    for circle in circles:
        people = people_of(circle)
        circle.signed = any(  # type: ignore[attr-defined]
            signed_by_everyone(a, people) for a in circle.agreements.all()
        )
    return circles


def latest_health(programme: Programme) -> tuple[dt.date | None, dict[int, CircleHealthSnapshot]]:
    """The day the programme's circles were last scored, and each circle's
    score and reasons from it."""
    day = (
        CircleHealthSnapshot.objects.filter(circle__programme=programme)
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )
    if day is None:
        return None, {}
    rows = CircleHealthSnapshot.objects.filter(circle__programme=programme, on=day)
    return day, {row.circle_id: row for row in rows}


def placed_in_circles(programme: Programme) -> tuple[set[int], set[int]]:
    """(members, facilitators) now in the programme's active circles: a
    new formation leaves them where they are."""
    members: set[int] = set()
    facilitators: set[int] = set()
    for person, role in CircleMember.objects.filter(
        circle__programme=programme, circle__status=Circle.Status.ACTIVE, left_at__isnull=True
    ).values_list("person_id", "role"):
        (facilitators if role == CircleMember.Role.FACILITATOR else members).add(person)
    return members, facilitators


def circle_for_viewer(user: User, circle_id: int) -> Circle:
    """The circle, for the people in it and the programme's managers."""
    circle = (
        Circle.objects.select_related("programme")
        .prefetch_related(current_places())
        .filter(pk=circle_id)
        .first()
    )
    if circle is None or not (is_in(user, circle) or can_manage(user, circle.programme)):
        raise NotFound(_("No such circle."))
    return circle


def circle_for_member(user: User, circle_id: int) -> Circle:
    """The circle, for the people in it only: its conversation, agreement
    and meetings do not exist for anyone else."""
    circle = circle_for_viewer(user, circle_id)
    if not is_in(user, circle):
        raise NotFound(_("No such circle."))
    return circle


def people_of(circle: Circle) -> list[User]:
    """Facilitators first, then members, as they joined."""
    return [place.person for place in places_of(circle)]


def places_of(circle: Circle) -> list[CircleMember]:
    current = getattr(circle, "current", None)
    if current is None:
        current = list(circle.places.filter(left_at__isnull=True).select_related("person__profile"))
    return current


def place_of(user: User, circle: Circle) -> CircleMember | None:
    return next((p for p in places_of(circle) if p.person_id == user.pk), None)


def is_in(user: User, circle: Circle) -> bool:
    return place_of(user, circle) is not None


def is_facilitator(user: User, circle: Circle) -> bool:
    place = place_of(user, circle)
    return place is not None and place.is_facilitator


def circles_visible_to(user: User) -> QuerySet[Circle]:
    return Circle.objects.filter(
        Q(places__person=user, places__left_at__isnull=True)
        | Q(programme__in=programmes_managed_by(user))
    ).distinct()


# --- the agreement ---------------------------------------------------------------


def agreement_current(circle: Circle) -> CircleAgreement | None:
    return circle.agreements.prefetch_related("signatures__person").order_by("-version").first()


def signed_by_everyone(agreement: CircleAgreement, people: Iterable[User]) -> bool:
    signed = {s.person_id for s in agreement.signatures.all() if s.signed_at is not None}
    return all(person.pk in signed for person in people)


def agreement_in_force(circle: Circle) -> CircleAgreement | None:
    """The newest version everyone now in the circle has signed."""
    people = people_of(circle)
    for agreement in circle.agreements.prefetch_related("signatures").order_by("-version"):
        if signed_by_everyone(agreement, people):
            return agreement
    return None


def off_limits_of(agreement: CircleAgreement | None, person: User) -> Boundaries | None:
    """The person's off-limits hours as they set them on the agreement, or
    None where they have not (their profile's boundaries apply then)."""
    if agreement is None:
        return None
    signature = next((s for s in agreement.signatures.all() if s.person_id == person.pk), None)
    if signature is None:
        return None
    try:
        return parse_boundary_lines(signature.off_limits)
    except LogisticsError:
        return None


# --- meetings ------------------------------------------------------------------


def meetings_of(circle: Circle, *, upcoming_from: dt.datetime | None = None) -> list[CircleMeeting]:
    meetings = circle.meetings.prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("person"))
    )
    if upcoming_from is not None:
        meetings = meetings.filter(end__gt=upcoming_from, status=CircleMeeting.Status.SCHEDULED)
    return list(meetings)


def engagements(
    people: Collection[int], start: dt.datetime, end: dt.datetime, *, ignore: int | None = None
) -> dict[int, list[Interval]]:
    """Each person's scheduled circle meetings overlapping the range (for
    their pairs' clash checks and suggestions: kindred.meetings.engagements),
    except the meeting `ignore` (one being moved) and any they declined."""
    found: dict[int, list[Interval]] = {}
    rows = Attendance.objects.filter(
        person__in=people,
        meeting__status=CircleMeeting.Status.SCHEDULED,
        meeting__start__lt=end,
        meeting__end__gt=start,
    ).exclude(answer=Attendance.Answer.DECLINED)
    if ignore is not None:
        rows = rows.exclude(meeting_id=ignore)
    for person, begins, ends in rows.values_list("person_id", "meeting__start", "meeting__end"):
        found.setdefault(person, []).append((begins, ends))
    return found


def awkward_counts(circle: Circle, people: list[User]) -> list[int]:
    """How many of the circle's meetings so far were awkward for each
    person: the next awkward hour goes to someone else."""
    counts = dict.fromkeys((p.pk for p in people), 0)
    for stretched in circle.meetings.exclude(status=CircleMeeting.Status.CANCELLED).values_list(
        "stretched", flat=True
    ):
        for person in stretched:
            if person in counts:
                counts[person] += 1
    return [counts[p.pk] for p in people]


def next_meetings(circles: list[int], now: dt.datetime) -> dict[int, CircleMeeting]:
    """Each circle's next scheduled meeting, in one query."""
    found: dict[int, CircleMeeting] = {}
    for meeting in CircleMeeting.objects.filter(
        circle__in=circles, status=CircleMeeting.Status.SCHEDULED, end__gt=now
    ).order_by("start"):
        found.setdefault(meeting.circle_id, meeting)
    return found


def waiting_for_signature(person: User, circles: list[int]) -> set[int]:
    """The circles whose newest agreement the person has not signed."""
    newest: dict[int, CircleAgreement] = {}
    for agreement in CircleAgreement.objects.filter(circle__in=circles).order_by("-version"):
        newest.setdefault(agreement.circle_id, agreement)
    signed = set(
        CircleSignature.objects.filter(
            agreement__in=newest.values(), person=person, signed_at__isnull=False
        ).values_list("agreement__circle_id", flat=True)
    )
    return set(newest) - signed


def dashboard_figures(programme: Programme) -> dict[str, object] | None:
    """The programme's circles for its dashboard: the summary, the share of
    invited people who came to meetings held, and comfort pooled over every
    circle's check-ins, shown only from five distinct people."""
    summary = programme_figures(programme)
    if summary is None:
        return None
    seats = Attendance.objects.filter(
        meeting__circle__programme=programme,
        meeting__status=CircleMeeting.Status.HELD,
        attended__isnull=False,
    ).aggregate(all=Count("pk"), came=Count("pk", filter=Q(attended=True)))
    comfort = CircleCheckIn.objects.filter(meeting__circle__programme=programme).aggregate(
        people=Count("person", distinct=True),
        sharing=Avg("sharing_comfortable"),
        boundaries=Avg("boundaries_respected"),
    )
    pooled = enough_people(comfort["people"])
    scored_on, health = latest_health(programme)
    return summary | {
        "scored_on": scored_on,
        "worth_a_look": sum(1 for row in health.values() if row.reasons),
        "attended": round(100 * seats["came"] / seats["all"]) if seats["all"] else None,
        "comfort": round((comfort["sharing"] + comfort["boundaries"]) / 2, 1) if pooled else None,
    }


def programme_figures(programme: Programme) -> dict[str, int] | None:
    """How many active circles, members in them, circles whose agreement
    binds, and meetings held; None before any circle exists."""
    circles = [c for c in circles_with_figures(programme) if c.is_active]
    if not circles:
        return None
    members: int = sum(1 for c in circles for p in places_of(c) if not p.is_facilitator)
    signed: int = len([c for c in circles if c.signed])  # type: ignore[attr-defined]
    held = 0
    for circle in circles:
        held += circle.held  # type: ignore[attr-defined]
    return {"circles": len(circles), "members": members, "signed": signed, "held": held}


def awaiting_checkin(
    person: User, meetings: list[CircleMeeting], now: dt.datetime
) -> frozenset[int]:
    """The meetings (of those given) the person was invited to, that have
    taken place, and that they have not checked in on."""
    begun = [
        m.pk
        for m in meetings
        if m.start <= now
        and m.status != CircleMeeting.Status.CANCELLED
        and any(a.person_id == person.pk for a in m.attendance.all())
    ]
    done = set(
        CircleCheckIn.objects.filter(meeting__in=begun, person=person).values_list(
            "meeting_id", flat=True
        )
    )
    return frozenset(m for m in begun if m not in done)
