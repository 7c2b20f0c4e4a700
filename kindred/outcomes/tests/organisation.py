"""A small organisation in the database with years of HR history, for the
outcomes tests: mentees who took part stay more often than colleagues who
did not, by a margin set here."""

from __future__ import annotations

import datetime as dt
import random

from kindred.accounts.models import HrChange, User
from kindred.conftest import enrol
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship

DEPARTMENTS = ("Operations", "Engineering", "Sales")


def build(
    programme: Programme,
    *,
    mentees: int = 40,
    mentors: int = 12,
    others: int = 160,
    seed: int = 1,
    stay: tuple[float, float] = (0.95, 0.6),  # chance to stay a year: participants, others
) -> dict[str, list[User]]:
    rng = random.Random(seed)
    start = programme.start_date
    made: dict[str, list[User]] = {"mentee": [], "mentor": [], "other": []}
    changes: list[HrChange] = []
    for group, count in (("mentee", mentees), ("mentor", mentors), ("other", others)):
        for n in range(count):
            person = User.objects.create_user(
                f"{group}{n}@org.example", None, full_name=f"{group.title()} {n}"
            )
            made[group].append(person)
            changes += _history(person, rng, start, stay[0] if group != "other" else stay[1])
    HrChange.objects.bulk_create(changes)
    for n, mentee in enumerate(made["mentee"]):
        mentor = made["mentor"][n % mentors]
        enrol(mentee, programme, "mentee")
        Relationship.objects.create(
            programme=programme,
            mentor=mentor,
            mentee=mentee,
            status=Relationship.Status.COMPLETED,
            started_at=dt.datetime.combine(start, dt.time(9), dt.UTC),
        )
    return made


def _history(person: User, rng: random.Random, start: dt.date, stay: float) -> list[HrChange]:
    hired = start - dt.timedelta(days=rng.randint(200, 3000))
    level = rng.randint(1, 5)
    found = [
        HrChange(person=person, on=hired, kind="hired"),
        HrChange(person=person, on=hired, kind="level", value=str(level)),
        HrChange(person=person, on=hired, kind="department", value=rng.choice(DEPARTMENTS)),
        HrChange(person=person, on=hired, kind="location", value=rng.choice(("Lagos", "Pune"))),
    ]
    if rng.random() < 0.3:
        found.append(
            HrChange(
                person=person,
                on=start + dt.timedelta(days=rng.randint(30, 300)),
                kind="level",
                value=str(level + 1),
            )
        )
    if rng.random() > stay:
        reason = rng.choice(("voluntary", "involuntary"))
        left = start + dt.timedelta(days=rng.randint(10, 360))
        found.append(HrChange(person=person, on=left, kind="left", value=reason))
    return found
