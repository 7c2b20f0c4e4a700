"""A circles programme in the demo: three facilitators and fourteen
members across the world's time zones, formed by the real formation run,
one circle well under way. The demo mentor, Kenji, facilitates the circle
the demo mentee, Ananya, is in (a manager's pin), so both see it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from kindred.accounts.models import User
from kindred.circles import services as circles
from kindred.circles import times
from kindred.circles.models import Attendance, Circle, CircleMeeting
from kindred.circles.projects import circle_team
from kindred.circles.selectors import agreement_current, people_of
from kindred.health.services import compute_health
from kindred.matching import services as matching
from kindred.matching.models import MatchingSettings
from kindred.programs.models import Programme, ProgrammeStatus
from kindred.projects import services as projects
from kindred.relationships.models import Relationship

SLUG = "leading-remote-teams-circles"
FACILITATORS = 3
MEMBERS = 14
MESSAGES = (
    "Thanks all for Tuesday. The idea of a written 'how I work' page stayed with me.",
    "Mine is half written. Happy to share it next time if others do too.",
    "Here is the article on asynchronous stand-ups I mentioned. Let's pick one habit each.",
)


def build_circles(
    manager: User,
    facilitator: User,
    member: User,
    enrol: Callable[[Programme, User, str], None],
) -> int:
    """The programme and its circles (safe to rerun); returns how many circles."""
    programme = _programme(manager)
    if not Circle.objects.filter(programme=programme).exists():
        members = _enrol_people(programme, facilitator, member, enrol)
        # The demo mentee, and a colleague in Europe, with the demo mentor:
        # a circle of five across four zones, from Tokyo to Europe.
        european = next((m for m in members if m.timezone.startswith("Europe/")), None)
        pins = [(m.pk, facilitator.pk) for m in (member, european) if m is not None]
        _form(programme, manager, pins)
        under_way = Circle.objects.filter(programme=programme, places__person=facilitator).first()
        if under_way is not None:
            _bring_under_way(under_way, facilitator)
        compute_health(programme, alert=False)  # as the daily run would have
    return Circle.objects.filter(programme=programme).count()


def _programme(manager: User) -> Programme:
    today = timezone.localdate()
    programme, _ = Programme.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Leading Remote Teams: Circles",
            "format": Programme.Format.CIRCLES,
            "description": (
                "New and aspiring team leads meet every two weeks in circles of four or five "
                "with an experienced facilitator, across offices and time zones, to work on "
                "the craft of leading people you rarely see."
            ),
            "goals": "Leads who know each other across offices.\nHabits tried and shared.",
            "start_date": today - dt.timedelta(days=40),
            "end_date": today + dt.timedelta(days=140),
            "default_cadence": "fortnightly",
            "status": ProgrammeStatus.RUNNING,
        },
    )
    programme.managers.set([manager])
    MatchingSettings.objects.update_or_create(
        programme=programme,
        defaults={
            "circle_size": 5,
            "circle_min_size": 3,
            "min_overlap_hours": 1.0,
            "diversity_by": "location",
            "diversity_weight": 0.3,
        },
    )
    return programme


def _enrol_people(
    programme: Programme, facilitator: User, member: User, enrol: Callable[..., None]
) -> list[User]:
    in_pairs = set(Relationship.objects.values_list("mentee_id", flat=True))
    ready = User.objects.filter(
        email__endswith=member.email.split("@")[1], profile__intake_completed_at__isnull=False
    ).order_by("pk")
    leads = [
        facilitator,
        *ready.filter(level__gte=5).exclude(pk=facilitator.pk)[: FACILITATORS - 1],
    ]
    members = [member, *ready.filter(level__lte=3).exclude(pk__in=[member.pk, *in_pairs])[
        : MEMBERS - 1
    ]]  # fmt: skip
    for person in leads:
        enrol(programme, person, "mentor")
    for person in members:
        enrol(programme, person, "mentee")
    return members


def _form(programme: Programme, manager: User, pins: list[tuple[int, int]]) -> None:
    """The real formation: a run, executed here rather than in the
    background, then published (accepting a gap where circles were too
    small, as a manager would after reading why)."""
    run = matching.run_start(actor=manager, programme=programme, pins=pins)
    run = matching.run_execute(run.pk)
    matching.run_publish(actor=manager, run=run, accept_gap=True)


def _bring_under_way(circle: Circle, facilitator: User) -> None:
    """Its agreement signed by everyone, a meeting held, the next arranged
    at the best time the slot finder gives, and a few messages."""
    now = timezone.now()
    circle.given_name = "The Navigators"
    circle.save(update_fields=["given_name"])
    agreement = circles.agreement_save_draft(
        actor=facilitator,
        circle=circle,
        terms={
            "cadence": "fortnightly",
            "session_minutes": 60,
            "channels": ["video"],
            "video_link": "",
            "objectives": (
                "Each of us leaves with one habit for leading a team we rarely see in person, "
                "tried for a month and reported back."
            ),
        },
    )
    people = people_of(circle)
    for person in people:
        mine = agreement_current(circle).signatures.get(person=person)  # type: ignore[union-attr]
        circles.agreement_sign(
            actor=person, circle=circle, agreement_id=agreement.pk, off_limits=mine.off_limits
        )
    _held_meeting(circle, facilitator, people, now - dt.timedelta(days=12))
    best = times.suggestions(circle, now=now, limit=1)
    if best:
        circles.meeting_arrange(
            actor=facilitator, circle=circle, start=best[0].start, minutes=60, now=now
        )
    for author, body in zip([facilitator, *people[1:]], MESSAGES, strict=False):
        circles.message_post(actor=author, circle=circle, body=body)
    _project(circle, facilitator, people, now)


def _project(circle: Circle, facilitator: User, people: list[User], now: dt.datetime) -> None:
    """What the circle builds together: a playbook, one milestone done."""
    team = circle_team(circle)
    project = projects.project_create(
        actor=people[1],
        team=team,
        title="A playbook for leading across time zones",
        purpose=(
            "The habits each of us tried, written up so the next cohort of remote leads "
            "starts where we finished."
        ),
        beneficiaries="New team leads in distributed teams",
        skills=["Writing", "Giving and receiving feedback"],
    )
    plan = (("Outline", 0, people[1], True), ("First draft", 16, people[2], False))
    for title, days, owner, done in plan:
        milestone = projects.milestone_add(
            actor=facilitator,
            team=team,
            project_id=project.pk,
            title=title,
            due_date=(now + dt.timedelta(days=days)).date(),
            owner_id=owner.pk,
        )
        if done:  # six days before it was due
            projects.milestone_done(
                actor=owner, team=team, milestone_id=milestone.pk, now=now - dt.timedelta(days=6)
            )


def _held_meeting(
    circle: Circle, facilitator: User, people: list[User], start: dt.datetime
) -> None:
    start = start.replace(hour=8, minute=0, second=0, microsecond=0)  # 17:00 in Tokyo
    meeting = CircleMeeting.objects.create(
        circle=circle,
        start=start,
        end=start + dt.timedelta(hours=1),
        zone=facilitator.timezone,
        organiser=facilitator,
        status=CircleMeeting.Status.HELD,
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                person=person,
                answer=Attendance.Answer.ACCEPTED,
                attended=n != len(people) - 1,  # one could not make it
            )
            for n, person in enumerate(people)
        ]
    )
