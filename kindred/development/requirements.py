"""What programmes require of the practice modules, and the gates that
hold a step back until a required module is done: matching (the pool, a
mentee's request, a mentor's acceptance) for modules required before
matching, and proposing meetings once a relationship's first month is over
for modules required in it. Reads models only, so any app may import it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.development.models import ModuleProgress, ProgrammeModule, RequiredOf, Requirement
from kindred.development.modules import BY_KEY, Module
from kindred.lib.errors import Forbidden
from kindred.lib.timezones import day_in
from kindred.programs.models import Membership, Programme
from kindred.relationships.models import Relationship

FIRST_MONTH = dt.timedelta(days=30)


@dataclass(frozen=True)
class Required:
    """A module a programme asks of someone, and by when."""

    module: Module
    programme: Programme
    requirement: str  # a Requirement value
    due: dt.datetime | None = None  # first-month modules: the relationship's 30th day
    done: bool = False

    @property
    def when(self) -> str:
        return _when(self.requirement)


def _when(requirement: str) -> str:
    """When a module is asked for, as it reads inside a sentence."""
    if requirement == Requirement.BEFORE_MATCHING:
        return pgettext("a module is asked for", "before matching")
    return pgettext("a module is asked for", "in the first month of a relationship")


def completed_modules(person: User) -> set[str]:
    return set(
        ModuleProgress.objects.filter(person=person, completed_at__isnull=False).values_list(
            "module", flat=True
        )
    )


def _required_of(role: str) -> list[str]:
    return [RequiredOf.EVERYONE, RequiredOf.MENTORS if role == "mentor" else RequiredOf.MENTEES]


def _settings(programme: Programme, role: str, requirement: str) -> QuerySet[ProgrammeModule]:
    return ProgrammeModule.objects.filter(
        programme=programme,
        requirement=requirement,
        required_of__in=_required_of(role),
        module__in=BY_KEY,
    )


def missing(person: User, programme: Programme, role: str, requirement: str) -> list[Module]:
    """Modules `programme` requires of a `role` at `requirement` that
    `person` has not completed, in the modules' order."""
    wanted = set(_settings(programme, role, requirement).values_list("module", flat=True))
    outstanding = wanted - completed_modules(person)
    return [m for key, m in BY_KEY.items() if key in outstanding]


def _refusal(modules: list[Module], programme: Programme, role: str, when: str, doing: str) -> str:
    names = get_text_list([f"“{m.skill}”" for m in modules], _("and"))
    return ngettext(
        "Finish the practice module %(names)s first: %(programme)s asks %(role)s to complete "
        "it %(when)s before you can %(doing)s. It takes about %(minutes)s minutes, under "
        "Develop.",
        "Finish the practice modules %(names)s first: %(programme)s asks %(role)s to complete "
        "them %(when)s before you can %(doing)s. They take about %(minutes)s minutes, under "
        "Develop.",
        len(modules),
    ) % {
        "names": names,
        "programme": programme.name,
        "role": _("mentors") if role == "mentor" else _("mentees"),
        "when": when,
        "doing": gettext(doing),
        "minutes": sum(m.minutes for m in modules),
    }


def require_before_matching(person: User, programme: Programme, role: str, doing: str) -> None:
    """Refuse (403) a matching step until the modules required before matching are done."""
    modules = missing(person, programme, role, Requirement.BEFORE_MATCHING)
    if modules:
        raise Forbidden(
            _refusal(modules, programme, role, _when(Requirement.BEFORE_MATCHING), doing)
        )


def require_first_month(
    person: User, relationship: Relationship, *, now: dt.datetime, doing: str
) -> None:
    """Once a relationship is a month old, refuse (403) `doing` to a person
    who has not done the modules required in the first month."""
    if now < relationship.started_at + FIRST_MONTH:
        return
    role = "mentor" if person.pk == relationship.mentor_id else "mentee"
    modules = missing(person, relationship.programme, role, Requirement.FIRST_MONTH)
    if modules:
        due = day_in(relationship.started_at + FIRST_MONTH, person.timezone)
        when = _("in the first month (it was due %(due)s)") % {"due": due}
        raise Forbidden(_refusal(modules, relationship.programme, role, when, doing))


def not_ready_for_matching(programme: Programme, role: str, people: Iterable[int]) -> set[int]:
    """Of `people` (ids, all in `role`), those still missing a module the
    programme requires before matching. Two queries whatever the number."""
    wanted = set(
        _settings(programme, role, Requirement.BEFORE_MATCHING).values_list("module", flat=True)
    )
    if not wanted:
        return set()
    people = set(people)
    done: dict[int, set[str]] = {}
    for person_id, key in ModuleProgress.objects.filter(
        person_id__in=people, module__in=wanted, completed_at__isnull=False
    ).values_list("person_id", "module"):
        done.setdefault(person_id, set()).add(key)
    return {p for p in people if not wanted <= done.get(p, set())}


def required_of_person(
    person: User, *, now: dt.datetime, roles: dict[int, str] | None = None
) -> list[Required]:
    """Every module any of the person's programmes requires of them, with
    its due date where it has one, for their home and Develop pages.
    `roles` (programme id to role) saves a query where the caller has the
    memberships already. Most programmes require nothing, so the settings
    are read first and the person's progress and relationships only when
    something applies."""
    if roles is None:
        roles = dict(Membership.objects.filter(user=person).values_list("programme_id", "role"))
    settings = [
        setting
        for setting in ProgrammeModule.objects.filter(programme_id__in=roles, module__in=BY_KEY)
        .exclude(requirement=Requirement.NONE)
        .select_related("programme")
        if setting.applies_to(roles[setting.programme_id])
    ]
    if not settings:
        return []
    done = completed_modules(person)
    starts = _first_starts(person)
    found = [
        Required(
            BY_KEY[setting.module],
            setting.programme,
            setting.requirement,
            _due(setting, starts.get(setting.programme_id)),
            setting.module in done,
        )
        for setting in settings
    ]
    return sorted(found, key=lambda r: (r.done, r.due or now, r.module.key))


def _first_starts(person: User) -> dict[int, dt.datetime]:
    """Per programme, when the person's first active relationship began: a
    mentor with several mentees owes a first-month module from the first."""
    starts: dict[int, dt.datetime] = {}
    for programme_id, began in Relationship.objects.filter(
        Q(mentor=person) | Q(mentee=person), status=Relationship.Status.ACTIVE
    ).values_list("programme_id", "started_at"):
        starts[programme_id] = min(began, starts.get(programme_id, began))
    return starts


def _due(setting: ProgrammeModule, started: dt.datetime | None) -> dt.datetime | None:
    first_month = setting.requirement == Requirement.FIRST_MONTH
    return started + FIRST_MONTH if first_month and started else None
