"""Mentor development in the demo: the main programme asks mentors to do
"Build trust" in their first month, with a note of its own; most mentors
have done some modules and many took the self-assessment, a good number
twice, so the dashboard's development charts have something to show. The
demo mentor has done the first two modules and one self-assessment."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from kindred.accounts.models import User
from kindred.development.assessment import STATEMENTS, area_scores
from kindred.development.models import ModuleProgress, ProgrammeModule, SelfAssessment
from kindred.development.modules import BY_KEY, MODULES
from kindred.programs.models import Membership, Programme, Role

NOTE = (
    "At Northwind we ask every mentor to write first within three working days of a match. "
    "Your People Partner can help if a mentee is hard to reach."
)


def build_development(programme: Programme, demo_mentor: User, *, seed: int) -> None:
    ProgrammeModule.objects.update_or_create(
        programme=programme,
        module="trust",
        defaults={"requirement": "first_month", "required_of": "mentors", "note": NOTE},
    )
    now = timezone.now()
    mentors = list(
        Membership.objects.filter(programme=programme, role=Role.MENTOR)
        .exclude(user=demo_mentor)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    for person_id in mentors:
        # One generator a person: a second load draws the same for each,
        # whatever it skips for people already done.
        rng = random.Random(seed * 100_003 + person_id)
        for module in MODULES[: rng.choice([0, 1, 2, 3, 5, 5])]:
            _done(person_id, module.key, now - dt.timedelta(days=rng.randint(5, 90)))
        if rng.random() < 0.6:
            _assessments(rng, person_id, now, twice=rng.random() < 0.5)
    for module in MODULES[:2]:
        _done(demo_mentor.pk, module.key, now - dt.timedelta(weeks=11))
    _assessments(
        random.Random(seed), demo_mentor.pk, now - dt.timedelta(weeks=10, days=2), twice=False
    )


def _done(person_id: int, key: str, at: dt.datetime) -> None:
    ModuleProgress.objects.get_or_create(
        person_id=person_id,
        module=key,
        defaults={
            "started_at": at,
            "scenario_choice": next(c.key for c in BY_KEY[key].scenario.choices if c.best),
            "scenario_answered_at": at,
            "completed_at": at,
        },
    )


def _assessments(rng: random.Random, person_id: int, at: dt.datetime, *, twice: bool) -> None:
    """A first self-assessment months ago and, for some, a second now,
    usually a little higher (practice helps, and people calibrate)."""
    if SelfAssessment.objects.filter(person_id=person_id).exists():
        return
    first = {s.key: rng.randint(3, 6) for s in STATEMENTS}
    SelfAssessment.objects.create(
        person_id=person_id,
        moment="before",
        answers=first,
        areas=area_scores(first),
        submitted_at=at - dt.timedelta(days=150 if twice else 0),
    )
    if twice:
        later = {k: min(7, max(1, v + rng.choice([-1, 0, 1, 1]))) for k, v in first.items()}
        SelfAssessment.objects.create(
            person_id=person_id,
            moment="during",
            answers=later,
            areas=area_scores(later),
            submitted_at=at,
        )
