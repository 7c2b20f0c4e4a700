"""A reverse mentoring programme in the demo: junior colleagues mentor
senior ones in digital fluency. The demo mentor, Kenji, is one of its
mentees, so one person mentors in one programme and is mentored in
another, as people are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from kindred.accounts.models import User
from kindred.programs.models import Programme, ProgrammeStatus
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

SLUG = "reverse-digital-fluency"
PAIRS = 6


def build_reverse(
    manager: User, senior: User, enrol: Callable[[Programme, User, str], None]
) -> int:
    """The programme and its pairs (safe to rerun); returns how many pairs."""
    programme = _programme(manager)
    juniors = _people(level__lte=2, exclude=senior)[:PAIRS]
    seniors = [senior, *_people(level__gte=5, exclude=senior)[: PAIRS - 1]]
    for mentor, mentee in zip(juniors, seniors, strict=False):
        enrol(programme, mentor, "mentor")
        enrol(programme, mentee, "mentee")
        already = Relationship.objects.filter(programme=programme, mentee=mentee).exists()
        if not already:
            relationship_start(programme=programme, mentor=mentor, mentee=mentee, source="matching")
    return Relationship.objects.filter(programme=programme).count()


def _programme(manager: User) -> Programme:
    today = timezone.localdate()
    programme, _ = Programme.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Reverse Mentoring: Digital Fluency",
            "format": Programme.Format.REVERSE,
            "description": (
                "Early-career colleagues mentor senior leaders in the tools, habits and "
                "expectations of a remote-first workplace, and in what it is like to join one."
            ),
            "goals": "Leaders who work the way their teams do.\nJunior voices heard at the top.",
            "start_date": today - dt.timedelta(days=30),
            "end_date": today + dt.timedelta(days=150),
            "default_cadence": "monthly",
            "mentor_capacity_default": 1,
            "status": ProgrammeStatus.RUNNING,
        },
    )
    programme.managers.set([manager])
    return programme


def _people(*, exclude: User, **level: int) -> list[User]:
    """People with a finished intake at those levels, in a fixed order."""
    return list(
        User.objects.filter(is_active=True, profile__intake_completed_at__isnull=False, **level)
        .exclude(pk=exclude.pk)
        .order_by("email")
    )
