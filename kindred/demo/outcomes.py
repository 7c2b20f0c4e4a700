"""The demo organisation's HR history, so that the outcomes report shows a
believable, honest result on first open: last year's programme (Remote
Leaders 2025, closed), colleagues in the directory who never took part,
and dated joining, levels, departments, locations and leavers for
everyone. As in life, juniors and newcomers joined last year's programme
more often and also leave more often; the programme helped them stay."""

from __future__ import annotations

import datetime as dt
import math
import random

from django.utils import timezone

from kindred.accounts.models import HrChange, User
from kindred.meetings.models import Meeting
from kindred.programs.models import Cadence, Membership, Programme, ProgrammeStatus
from kindred.relationships.models import CloseOut, Objective, Relationship, SkillRating

PAST_SLUG = "remote-leaders-2025"
COLLEAGUES = 700  # in the directory only: the comparison pool
PAST_MENTEES = 90
PAST_MENTORS = 22
DAYS_AGO = 520  # last year's programme began this long before today
HELPED = 0.08  # fewer participants left within the year, as a probability


def build_outcomes(
    manager: User, people: list[tuple[str, str, str, int, str, str]], *, seed: int = 2026
) -> int:
    """`people`: colleagues to add to the directory (e-mail, name, department,
    level, zone, city). Returns the HR changes written; nothing when the
    past programme is already there."""
    if Programme.objects.filter(slug=PAST_SLUG).exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    start = today - dt.timedelta(days=DAYS_AGO)
    past = _past_programme(manager, start)
    colleagues = _colleagues(people)
    tenure = {person.pk: _tenure(rng) for person in User.objects.filter(is_active=True)}
    mentees, mentors = _choose(rng, colleagues, tenure, start, today)
    _relationships(rng, past, mentees, mentors, start)
    _looking_back(rng, past)
    changes = [
        c
        for person in User.objects.filter(is_active=True)
        for c in _history(rng, person, tenure[person.pk], today)
    ]
    changes += _leavers(rng, colleagues, {p.pk for p in mentees + mentors}, tenure, start, today)
    HrChange.objects.bulk_create(changes, batch_size=2000)
    return len(changes)


def _past_programme(manager: User, start: dt.date) -> Programme:
    past = Programme.objects.create(
        slug=PAST_SLUG,
        name="Remote Leaders 2025",
        description="Last year's twelve-month programme for people leading distributed teams.",
        start_date=start,
        end_date=start + dt.timedelta(days=365),
        default_cadence=Cadence.FORTNIGHTLY,
        status=ProgrammeStatus.CLOSED,
    )
    past.managers.set([manager])
    return past


def _colleagues(people: list[tuple[str, str, str, int, str, str]]) -> list[User]:
    taken = set(User.objects.values_list("email", flat=True))
    made: list[User] = []
    for email, name, department, level, zone, city in people:
        if email in taken or len(made) >= COLLEAGUES:
            continue
        person = User(
            email=email, full_name=name, department=department, level=level, timezone=zone,
            location=city, languages=["en"],
        )  # fmt: skip
        person.set_unusable_password()
        made.append(person)
        taken.add(email)
    return User.objects.bulk_create(made)


def _tenure(rng: random.Random) -> float:
    """Years with the organisation today."""
    return min(18.0, max(0.3, rng.gammavariate(2.0, 2.6)))


def _hired(today: dt.date, years: float) -> dt.date:
    return today - dt.timedelta(days=round(years * 365.25))


def _choose(
    rng: random.Random,
    colleagues: list[User],
    tenure: dict[int, float],
    start: dt.date,
    today: dt.date,
) -> tuple[list[User], list[User]]:
    """Who took part last year: mentees leaning junior and new, mentors senior."""
    there = [p for p in colleagues if _hired(today, tenure[p.pk]) < start]
    juniors = sorted(
        there, key=lambda p: rng.random() * math.exp(0.5 * (p.level or 3) + 0.15 * tenure[p.pk])
    )
    mentees = juniors[:PAST_MENTEES]
    seniors = [p for p in there if (p.level or 0) >= 3 and p not in mentees]
    return mentees, rng.sample(seniors, PAST_MENTORS)


def _relationships(
    rng: random.Random, past: Programme, mentees: list[User], mentors: list[User], start: dt.date
) -> None:
    began = dt.datetime.combine(start + dt.timedelta(days=14), dt.time(9), tzinfo=dt.UTC)
    Membership.objects.bulk_create(
        [Membership(programme=past, user=p, role="mentee") for p in mentees]
        + [Membership(programme=past, user=p, role="mentor") for p in mentors]
    )
    Relationship.objects.bulk_create(
        Relationship(
            programme=past,
            mentor=mentors[n % len(mentors)],
            mentee=mentee,
            started_at=began,
            status=(
                Relationship.Status.COMPLETED
                if rng.random() < 0.85
                else Relationship.Status.ENDED_EARLY
            ),
            ended_at=began + dt.timedelta(days=rng.randint(120, 350)),
        )
        for n, mentee in enumerate(mentees)
    )


OBJECTIVES = (
    "Run remote retrospectives people speak up in",
    "Delegate one recurring decision",
    "Give feedback every month",
    "Present to leadership with confidence",
    "Lead a meeting across three time zones",
)


def _looking_back(rng: random.Random, past: Programme) -> None:
    """Last year's pairs as they ended: meetings held, objectives rated at
    the start and the end by each side (more change where they met more),
    and close-outs from most of them."""
    meetings, objectives, ratings, close_outs = [], [], [], []
    for pair in Relationship.objects.filter(programme=past):
        held = rng.randint(3, 22)
        meetings += [
            Meeting(relationship=pair, start=pair.started_at + dt.timedelta(weeks=2 * n),
                    end=pair.started_at + dt.timedelta(weeks=2 * n, minutes=45), zone="UTC",
                    status=Meeting.Status.HELD, proposed_by=pair.mentee)
            for n in range(held)
        ]  # fmt: skip
        for title in rng.sample(OBJECTIVES, k=rng.randint(1, 2)):
            objective = Objective(
                relationship=pair, title=title, progress=rng.choice((40, 70, 100))
            )
            objectives.append(objective)
            for rater in (pair.mentee, pair.mentor):
                begin = rng.randint(2, 4)
                grown = min(7, begin + round(rng.gauss(0.5 + held / 12, 0.8)))
                ratings += [(objective, rater, "start", begin), (objective, rater, "end", grown)]
        close_outs += [_close_out(rng, pair, person) for person in (pair.mentee, pair.mentor)
                       if rng.random() < 0.7]  # fmt: skip
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    Objective.objects.bulk_create(objectives)
    SkillRating.objects.bulk_create(
        SkillRating(objective=o, rater=r, moment=m, rating=max(1, v)) for o, r, m, v in ratings
    )
    CloseOut.objects.bulk_create(close_outs)


def _close_out(rng: random.Random, pair: Relationship, person: User) -> CloseOut:
    early = pair.status == Relationship.Status.ENDED_EARLY
    return CloseOut(
        relationship=pair,
        person=person,
        recommend=rng.random() < 0.85,
        mentor_next=rng.choices(("yes", "maybe", "no"), weights=(6, 3, 1))[0],
        ended_early_why=rng.choice(("time", "fit", "left", "goals_met")) if early else "",
    )


def _history(rng: random.Random, person: User, years: float, today: dt.date) -> list[HrChange]:
    """Joining, the first level and its rises up to today's, department and
    location, for someone still here or not."""
    hired = _hired(today, years)
    level = person.level or 2
    rises = min(level - 1, sum(rng.random() < 0.18 for _ in range(int(years))))
    found = [
        HrChange(person=person, on=hired, kind=HrChange.Kind.HIRED),
        HrChange(person=person, on=hired, kind=HrChange.Kind.LEVEL, value=str(level - rises)),
        HrChange(person=person, on=hired, kind=HrChange.Kind.DEPARTMENT, value=person.department),
        HrChange(person=person, on=hired, kind=HrChange.Kind.LOCATION, value=person.location),
    ]
    days = sorted(rng.sample(range(60, max(61, (today - hired).days)), k=rises)) if rises else []
    found += [
        HrChange(person=person, on=hired + dt.timedelta(days=day), kind=HrChange.Kind.LEVEL,
                 value=str(level - rises + n + 1))
        for n, day in enumerate(days)
    ]  # fmt: skip
    return found


def _leavers(
    rng: random.Random,
    colleagues: list[User],
    took_part: set[int],
    tenure: dict[int, float],
    start: dt.date,
    today: dt.date,
) -> list[HrChange]:
    """Some of the directory's colleagues left since last year's start:
    juniors and newcomers more often, last year's participants less."""
    found, gone = [], []
    for person in colleagues:
        chance = 0.26 - 0.035 * ((person.level or 3) - 3) - 0.012 * min(tenure[person.pk], 8)
        if person.pk in took_part:
            chance -= HELPED
        if _hired(today, tenure[person.pk]) >= start or rng.random() >= max(0.03, chance):
            continue
        left = start + dt.timedelta(days=rng.randint(20, DAYS_AGO - 5))
        reason = HrChange.LeaveReason.VOLUNTARY if rng.random() < 0.75 else "involuntary"
        found.append(HrChange(person=person, on=left, kind=HrChange.Kind.LEFT, value=reason))
        gone.append(person.pk)
    User.objects.filter(pk__in=gone).update(is_active=False)
    return found
