"""Build the Northwind demo organisation. Idempotent: people are keyed by
e-mail and every value comes from a seeded RNG, so a second run rewrites the
same data instead of adding more."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kindred.accounts.models import User
from kindred.demo import outcomes, people, traits
from kindred.demo.calendars import build_calendar
from kindred.demo.circles import build_circles
from kindred.demo.cohort import build_cohort
from kindred.demo.development import build_development
from kindred.demo.directory import build_directory
from kindred.demo.history import build_history, health_history
from kindred.demo.officehours import build_office_hours
from kindred.demo.peer import build_peer
from kindred.demo.reverse import build_reverse
from kindred.lib.languages import interface_language
from kindred.lib.timezones import local_today
from kindred.profiles import instruments
from kindred.profiles.models import REQUIRED_STEPS, Demographics, Profile, TimeOff, Topic
from kindred.profiles.vocabulary import ensure_shared_vocabulary
from kindred.programs.models import Cadence, Invitation, Membership, Programme, ProgrammeStatus

DOMAIN = "northwind.example"
DEMO_PASSWORD = "kindred-demo-2026"
MAIN_SLUG = "remote-leaders-2026"
SECOND_SLUG = "engineering-growth-circle"
MENTEE_INVITE_TOKEN = "demo-join-remote-leaders-as-mentee"

SIGN_INS = {
    "Organisation admin": f"admin@{DOMAIN}",
    "Programme manager": f"amara.okafor@{DOMAIN}",
    "Mentor": f"kenji.watanabe@{DOMAIN}",
    "Mentee": f"ananya.iyer@{DOMAIN}",
}


@dataclass
class Person:
    email: str
    full_name: str
    department: str
    level: int
    zone: str
    city: str
    languages: list[str]
    manager_email: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # The language Kindred speaks to them in; empty leaves it to their browser.
    language: str = ""

    @property
    def title(self) -> str:
        return people.DEPARTMENTS[self.department][self.level - 1]


def _email(first: str, last: str, taken: set[str]) -> str:
    base = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
    base = base.translate(str.maketrans("áéíóúñãçø", "aeiounaco"))
    email, n = f"{base}@{DOMAIN}", 2
    while email in taken:
        email, n = f"{base}{n}@{DOMAIN}", n + 1
    taken.add(email)
    return email


def _fixed_people(taken: set[str]) -> list[Person]:
    fixed = [
        Person(
            SIGN_INS["Mentor"],
            "Kenji Watanabe",
            "Engineering",
            4,
            "Asia/Tokyo",
            "Tokyo",
            ["en", "ja"],
        ),
        Person(
            SIGN_INS["Mentee"],
            "Ananya Iyer",
            "Product",
            2,
            "Asia/Kolkata",
            "Bengaluru",
            ["en", "hi"],
        ),
    ]
    taken.update(p.email for p in fixed)
    return fixed


def generate_people(rng: random.Random, count: int) -> list[Person]:
    taken: set[str] = {
        SIGN_INS["Organisation admin"],
        SIGN_INS["Programme manager"],
        f"lucas.meyer@{DOMAIN}",
    }
    result = _fixed_people(taken)
    departments = list(people.DEPARTMENTS)
    while len(result) < count:
        first, last = rng.choice(people.FIRST_NAMES), rng.choice(people.LAST_NAMES)
        zone, city, local = rng.choice(people.PLACES)
        level = rng.choices([1, 2, 3, 4, 5], weights=[26, 30, 22, 15, 7])[0]
        languages = ["en", *rng.sample(local, k=min(len(local), rng.randint(0, 2)))]
        person = Person(
            _email(first, last, taken),
            f"{first} {last}",
            rng.choice(departments),
            level,
            zone,
            city,
            languages,
        )
        # Someone who also speaks a language Kindred is written in reads it in
        # that one, so the demo's pairs often prefer different languages.
        person.language = interface_language(languages[1:])
        result.append(person)
    _assign_managers(rng, result)
    return result


def _assign_managers(rng: random.Random, everyone: list[Person]) -> None:
    by_rank: dict[tuple[str, int], list[Person]] = {}
    for person in everyone:
        by_rank.setdefault((person.department, person.level), []).append(person)
    for person in everyone:
        bosses = by_rank.get((person.department, person.level + 1), [])
        if bosses:
            person.manager_email = rng.choice(bosses).email


def _write_profile(
    rng: random.Random, user: User, role: str, topics: dict[str, list[Topic]], complete: bool
) -> None:
    profile, _ = Profile.objects.get_or_create(user=user)
    answers = traits.tipi(rng)
    profile.values = traits.values(rng)
    profile.tipi_answers = answers
    for trait, score in instruments.score_tipi(answers).items():
        setattr(profile, trait, score)
    profile.calling = traits.calling(rng)
    profile.career_dreams = rng.choice(people.DREAMS)
    profile.working_windows = traits.windows(rng)
    profile.sync_channels = rng.sample(["video", "phone", "internal"], k=rng.randint(1, 3))
    profile.async_channels = rng.sample(["email", "messages", "linkedin"], k=rng.randint(1, 2))
    for name, value in traits.boundaries(rng).items():
        setattr(profile, name, value)
    steps = [s.value for s in REQUIRED_STEPS]
    profile.steps_done = steps if complete else steps[: rng.randint(0, 3)]
    profile.intake_completed_at = timezone.now() if complete else None
    profile.save()
    sought = rng.sample(topics["skill"], k=3)
    profile.goals.set(rng.sample(topics["goal"], k=2) if role == "mentee" else [])
    profile.skills_sought.set(sought if role == "mentee" else [])
    profile.skills_offered.set(rng.sample(topics["skill"], k=4) if role == "mentor" else [])


def _write_demographics(rng: random.Random, user: User) -> None:
    if rng.random() < 0.3:  # a good share answer nothing at all
        Demographics.objects.filter(user=user).delete()
        return
    answers = {}
    for name in Demographics.FIELDS:
        answers[name] = "" if rng.random() < 0.2 else rng.choice(Demographics.answers_for(name))
    Demographics.objects.update_or_create(user=user, defaults=answers)


def _upsert_user(person: Person, password_hash: str, **extra: Any) -> User:
    user, _ = User.objects.update_or_create(
        email=person.email,
        defaults={
            "full_name": person.full_name,
            "title": person.title,
            "level": person.level,
            "department": person.department,
            "manager_email": person.manager_email,
            "location": person.city,
            "timezone": person.zone,
            "languages": person.languages,
            "language": person.language,
            "password": password_hash,
            **extra,
        },
    )
    return user


def _programmes(admin: User, manager: User, second_manager: User) -> tuple[Programme, Programme]:
    today = timezone.localdate()
    main, _ = Programme.objects.update_or_create(
        slug=MAIN_SLUG,
        defaults={
            "name": "Remote Leaders 2026",
            "description": (
                "A twelve-month mentoring programme for people leading or hoping to lead "
                "distributed teams. Pairs meet every two weeks across time zones and finish "
                "with a joint project presented at the showcase."
            ),
            "goals": (
                "Grow confident remote leaders.\nBuild trust across regions.\nShare what works."
            ),
            "invitation_note": people.INVITATION_NOTE,
            "translations": people.PROGRAMME_TRANSLATIONS,
            "start_date": today - dt.timedelta(days=100),
            "end_date": today + dt.timedelta(days=265),
            "default_cadence": Cadence.FORTNIGHTLY,
            "mentor_capacity_default": 2,
            "joint_project_expected": True,
            "showcase_date": today + dt.timedelta(days=260),
            "status": ProgrammeStatus.RUNNING,
        },
    )
    second, _ = Programme.objects.update_or_create(
        slug=SECOND_SLUG,
        defaults={
            "name": "Engineering Growth Circle",
            "description": (
                "A six-month circle pairing senior engineers with people moving into senior roles."
            ),
            "goals": "Technical depth, design reviews, and the step to senior.",
            "start_date": today + dt.timedelta(days=14),
            "end_date": today + dt.timedelta(days=194),
            "default_cadence": Cadence.WEEKLY,
            "mentor_capacity_default": 1,
            "joint_project_expected": False,
            "showcase_date": None,
            "status": ProgrammeStatus.MATCHING,
        },
    )
    main.managers.set([manager])
    second.managers.set([second_manager])
    Invitation.objects.update_or_create(
        token=MENTEE_INVITE_TOKEN,
        defaults={
            "programme": main,
            "role": "mentee",
            "note": "Demo link",
            "created_by": manager,
            "expires_at": timezone.now() + dt.timedelta(days=365),
            "revoked_at": None,
        },
    )
    return main, second


def _enrol(programme: Programme, user: User, role: str) -> None:
    Membership.objects.update_or_create(
        programme=programme, user=user, defaults={"role": role, "source": Membership.Source.IMPORT}
    )


@transaction.atomic
def build_demo(*, people_count: int = 340, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    password_hash = make_password(DEMO_PASSWORD)  # one hash: Argon2 is slow on purpose
    staff = {"is_org_admin": True, "is_staff": True, "is_superuser": True}
    admin = _upsert_user(
        Person(
            SIGN_INS["Organisation admin"],
            "Morgan Reyes",
            "People",
            5,
            "Europe/London",
            "London",
            ["en"],
        ),
        password_hash,
        **staff,
    )
    manager = _upsert_user(
        Person(
            SIGN_INS["Programme manager"],
            "Amara Okafor",
            "People",
            4,
            "Africa/Lagos",
            "Lagos",
            ["en", "yo"],
        ),
        password_hash,
    )
    second_manager = _upsert_user(
        Person(
            f"lucas.meyer@{DOMAIN}",
            "Lucas Meyer",
            "Engineering",
            5,
            "Europe/Berlin",
            "Berlin",
            ["en", "de"],
        ),
        password_hash,
    )
    main, second = _programmes(admin, manager, second_manager)
    ensure_shared_vocabulary(Topic)
    topics = {
        kind: list(Topic.objects.filter(kind=kind, programme__isnull=True).order_by("name"))
        for kind in ("goal", "skill")
    }
    everyone = generate_people(rng, people_count)
    counts = {"mentors": 0, "mentees": 0, "second": 0}
    for index, person in enumerate(everyone):
        role = (
            "mentor"
            if person.level >= 4 or (person.level == 3 and rng.random() < 0.35)
            else "mentee"
        )
        user = _upsert_user(person, password_hash)
        complete = index < 2 or rng.random() < 0.92
        _write_profile(rng, user, role, topics, complete)
        _write_demographics(rng, user)
        if index < 300 or role == "mentor":
            _enrol(main, user, role)
            counts[role + "s"] += 1
        else:
            # The rest join the smaller circle; a few level-3 mentees of the
            # main programme mentor there: one person, two roles.
            _enrol(second, user, "mentee")
            counts["second"] += 1
    for person in [p for p in everyone[:300] if p.level == 3][:8]:
        _enrol(second, User.objects.get(email=person.email), "mentor")
        counts["second"] += 1
    counts["time_off"] = _plan_time_off(rng, [p.email for p in everyone])
    build_development(main, User.objects.get(email=SIGN_INS["Mentor"]), seed=seed)
    fresh = build_history(
        main,
        User.objects.get(email=SIGN_INS["Mentor"]),
        User.objects.get(email=SIGN_INS["Mentee"]),
    )
    if build_cohort(main, manager) or fresh:
        health_history(main)
    colleagues = generate_people(random.Random(seed + 1), people_count + outcomes.COLLEAGUES)
    counts["hr_changes"] = outcomes.build_outcomes(
        manager,
        [(p.email, p.full_name, p.department, p.level, p.zone, p.city) for p in colleagues],
        seed=seed,
    )
    counts["directory"] = build_directory(main, admin)
    counts["calendar"] = build_calendar(User.objects.get(email=SIGN_INS["Mentor"]))
    counts["reverse"] = build_reverse(
        manager, User.objects.get(email=SIGN_INS["Mentor"]), enrol=_enrol
    )
    counts["office_hours"] = build_office_hours(
        User.objects.get(email=SIGN_INS["Mentor"]), User.objects.get(email=SIGN_INS["Mentee"]), main
    )
    counts["peer"] = build_peer(manager, enrol=_enrol)
    counts["circles"] = build_circles(
        manager,
        User.objects.get(email=SIGN_INS["Mentor"]),
        User.objects.get(email=SIGN_INS["Mentee"]),
        enrol=_enrol,
    )
    return counts


TIME_OFF_NOTES = ("Annual leave", "School holidays", "Conference", "Family visit", "")


def _plan_time_off(rng: random.Random, emails: list[str]) -> int:
    """Some people are away or on shorter days in the coming weeks, as in
    any real workforce (relative to today, so the demo always looks current)."""
    TimeOff.objects.filter(user__email__endswith=f"@{DOMAIN}").delete()
    chosen = [SIGN_INS["Mentor"], *rng.sample(emails, k=len(emails) // 8)]
    people = User.objects.filter(email__in=chosen)
    for user in people:
        first = local_today(user.timezone) + dt.timedelta(days=rng.randint(3, 40))
        shorter = rng.random() < 0.3
        TimeOff.objects.create(
            user=user,
            first_day=first,
            last_day=first + dt.timedelta(days=0 if shorter else rng.randint(1, 12)),
            hours=[["09:00", "12:00"]] if shorter else [],
            note=rng.choice(TIME_OFF_NOTES),
        )
    return len(people)
