"""Turn a programme's people into the engine's plain data, in a bounded
number of queries however many people there are."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings as django_settings
from django.db.models import Count, Q

from kindred.accounts.models import User
from kindred.circles.selectors import placed_in_circles
from kindred.development.requirements import not_ready_for_matching
from kindred.engines.matching import Person, Settings
from kindred.matching.models import Decision, Exclusion, MatchingSettings, Proposal
from kindred.profiles.instruments import BIG_FIVE, WORK_VALUE_KEYS, WORK_VALUES
from kindred.profiles.models import Demographics, Profile
from kindred.profiles.selectors import profile_text
from kindred.programs.models import Membership, Programme, Role
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import mentor_capacity, peer_capacity


def value_labels() -> tuple[str, ...]:
    """The work values' names in the active language, for explanations."""
    return tuple(str(value.name) for value in WORK_VALUES)


@dataclass
class EngineInputs:
    mentees: list[Person]
    mentors: list[Person]
    settings: Settings
    incomplete: list[int]  # mentees left out because their intake is not finished
    capacities: dict[int, int]
    # Left out until they finish the modules the programme requires before matching.
    modules_missing: list[int] = field(default_factory=list)  # mentees
    mentors_waiting: list[int] = field(default_factory=list)

    def fingerprint(self) -> str:
        """SHA-256 of everything the engine sees, to check a reproduction."""
        payload = {
            "mentees": [asdict(p) for p in self.mentees],
            "mentors": [asdict(p) for p in self.mentors],
            "settings": settings_snapshot(self.settings),
        }
        text = json.dumps(payload, sort_keys=True, default=_jsonable)
        return hashlib.sha256(text.encode()).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(value, key=str)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def settings_snapshot(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    data["exclusions"] = sorted(map(list, settings.exclusions))
    data["previous_pairs"] = sorted(map(list, settings.previous_pairs))
    data["pins"] = [list(p) for p in settings.pins]
    data["reporting_lines"] = len(settings.reporting_lines)  # the count, not the org chart
    data["reference_date"] = settings.reference_date.isoformat()
    data["value_labels"] = list(settings.value_labels)
    return data


def person_from(user: User, profile: Profile | None, capacity: int = 0) -> Person:
    if profile is None:
        return Person(
            id=user.pk,
            name=user.display_name,
            languages=frozenset(user.languages),
            timezone=user.timezone,
            email=user.email,
            manager_email=user.manager_email,
            department=user.department,
            level=user.level,
            capacity=capacity,
        )
    goals = [t.name for t in profile.goals.all()]  # prefetched: no query
    values = (
        tuple(profile.values[k] for k in WORK_VALUE_KEYS) if len(profile.values) == 10 else None
    )
    big_five = profile.big_five
    return Person(
        id=user.pk,
        name=user.display_name,
        values=values,
        big_five=tuple(big_five[t] for t in BIG_FIVE) if big_five else None,
        text=profile_text(profile),
        text_vector=tuple(profile.text_embedding) if profile.text_embedding else None,
        skills_sought=frozenset(t.name for t in profile.skills_sought.all()),
        skills_offered=frozenset(t.name for t in profile.skills_offered.all()),
        goals=frozenset(goals),
        languages=frozenset(user.languages),
        timezone=user.timezone,
        windows=tuple((w["day"], w["start"], w["end"]) for w in profile.working_windows),
        sync_channels=frozenset(profile.sync_channels),
        email=user.email,
        manager_email=user.manager_email,
        department=user.department,
        level=user.level,
        capacity=capacity,
    )


def _memberships(programme: Programme, role: str) -> list[Membership]:
    return list(
        Membership.objects.filter(programme=programme, role=role)
        .select_related("user", "user__profile", "programme")
        .prefetch_related(
            "user__profile__goals", "user__profile__skills_sought", "user__profile__skills_offered"
        )
        .order_by("user_id")
    )


def _profile(user: User) -> Profile | None:
    return getattr(user, "profile", None)


def peer_inputs(programme: Programme, *, today: dt.date) -> EngineInputs:
    """A peer programme's one pool (everyone in it, whatever their role),
    each with room for as many more pairs as their capacity leaves, as
    `mentees`; the same rules as any run."""
    base = engine_inputs(programme, today=today)
    taken = _peer_pairs_taken(programme)
    pool, incomplete, room = [], [], {}
    for role in (Role.MENTEE, Role.MENTOR):
        for membership in _memberships(programme, role):
            user, profile = membership.user, _profile(membership.user)
            if not user.is_active:
                continue
            if profile is None or not profile.intake_complete:
                incomplete.append(user.pk)
                continue
            left = peer_capacity(membership) - taken.get(user.pk, 0)
            if left > 0:
                room[user.pk] = left
                pool.append(person_from(user, profile, left))
    pool.sort(key=lambda p: p.id)
    return EngineInputs(pool, [], base.settings, sorted(incomplete), room)


def _peer_pairs_taken(programme: Programme) -> dict[int, int]:
    """Each person's pairs now: active, or proposed and waiting."""
    taken: dict[int, int] = {}
    active = Relationship.objects.filter(programme=programme, status=Relationship.Status.ACTIVE)
    waiting = Proposal.objects.filter(run__programme=programme, status=Proposal.Status.PUBLISHED)
    for rows in (active, waiting):
        for pair in rows.values_list("mentor_id", "mentee_id"):
            for person in pair:
                taken[person] = taken.get(person, 0) + 1
    return taken


def engine_inputs(
    programme: Programme, *, today: dt.date, pins: tuple[tuple[int, int], ...] = ()
) -> EngineInputs:
    """Who is in the pool now: mentees without a mentor or an open proposal,
    mentors with room left, and the rules that bind them."""
    config, _ = MatchingSettings.objects.get_or_create(programme=programme)
    busy_mentees = set(
        Relationship.objects.filter(
            programme=programme, status=Relationship.Status.ACTIVE
        ).values_list("mentee_id", flat=True)
    ) | set(
        Proposal.objects.filter(
            run__programme=programme, status=Proposal.Status.PUBLISHED
        ).values_list("mentee_id", flat=True)
    )
    facilitating: set[int] = set()
    if programme.is_circles:  # one circle per member, and per facilitator
        in_circles, facilitating = placed_in_circles(programme)
        busy_mentees |= in_circles
    pinned = {mentee for mentee, _ in pins}
    mentees, incomplete = [], []
    for membership in _memberships(programme, Role.MENTEE):
        user, profile = membership.user, _profile(membership.user)
        if user.pk in busy_mentees or not user.is_active:
            continue
        if (profile is None or not profile.intake_complete) and user.pk not in pinned:
            incomplete.append(user.pk)
            continue
        mentees.append(person_from(user, profile))
    mentees, modules_missing = _ready_for_matching(programme, "mentee", mentees, pinned)
    taken = _slots_taken(programme)
    pinned_mentors = {mentor for _, mentor in pins}
    mentors, capacities = [], {}
    for membership in _memberships(programme, Role.MENTOR):
        user, profile = membership.user, _profile(membership.user)
        if not user.is_active or profile is None or not profile.intake_complete:
            continue
        if user.pk in facilitating:
            continue
        room = max(mentor_capacity(membership) - taken.get(user.pk, 0), 0)
        capacities[user.pk] = room
        mentors.append(person_from(user, profile, room))
    mentors, mentors_waiting = _ready_for_matching(programme, "mentor", mentors, pinned_mentors)
    capacities = {p.id: capacities[p.id] for p in mentors}
    settings = Settings(
        weights=config.weights(),
        reference_date=_next_monday(today),
        min_overlap_hours=config.min_overlap_hours,
        allow_same_department=config.allow_same_department,
        min_level_gap=level_gap_of(programme, config),
        reverse=programme.is_reverse,
        exclusions=_excluded_pairs(programme),
        previous_pairs=_previous_pairs(),
        pins=pins,
        reporting_lines=dict(
            User.objects.exclude(manager_email="").values_list("email", "manager_email")
        ),
        value_labels=value_labels(),
        candidates_per_mentee=django_settings.KINDRED_MATCHING_CANDIDATES_PER_MENTEE,
        max_certificate_rounds=django_settings.KINDRED_MATCHING_MAX_ROUNDS,
        time_budget_seconds=django_settings.KINDRED_MATCHING_TIME_BUDGET_SECONDS,
        memory_budget_mb=django_settings.KINDRED_MATCHING_MEMORY_BUDGET_MB,
    )
    return EngineInputs(
        mentees, mentors, settings, incomplete, capacities, modules_missing, mentors_waiting
    )


def _ready_for_matching(
    programme: Programme, role: str, people: list[Person], pinned: set[int]
) -> tuple[list[Person], list[int]]:
    """(people who may be matched, ids of those still missing a module the
    programme requires before matching). A manager's pin overrides it."""
    waiting = not_ready_for_matching(programme, role, [p.id for p in people]) - pinned
    return [p for p in people if p.id not in waiting], sorted(waiting)


def _slots_taken(programme: Programme) -> dict[int, int]:
    """Active relationships and published proposals both hold a mentor's slot."""
    active = Relationship.objects.filter(programme=programme, status=Relationship.Status.ACTIVE)
    taken = dict(active.values("mentor_id").annotate(n=Count("id")).values_list("mentor_id", "n"))
    waiting = Proposal.objects.filter(run__programme=programme, status=Proposal.Status.PUBLISHED)
    for mentor_id, count in (
        waiting.values("mentor_id").annotate(n=Count("id")).values_list("mentor_id", "n")
    ):
        taken[mentor_id] = taken.get(mentor_id, 0) + count
    return taken


def _excluded_pairs(programme: Programme) -> frozenset[tuple[int, int]]:
    ruled_out = Exclusion.objects.filter(programme=programme).values_list("mentee_id", "mentor_id")
    declined = Proposal.objects.filter(run__programme=programme).filter(
        Q(mentee_decision=Decision.DECLINED) | Q(mentor_decision=Decision.DECLINED)
    )
    return frozenset(ruled_out) | frozenset(declined.values_list("mentee_id", "mentor_id"))


def _previous_pairs() -> frozenset[tuple[int, int]]:
    """Any earlier relationship, in any programme, is not repeated."""
    return frozenset(Relationship.objects.values_list("mentee_id", "mentor_id"))


def _next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def audit_groups(programme: Programme, people: list[int]) -> dict[str, dict[int, str]]:
    """Self-identified groups for the audited attributes. Used only for the
    aggregate audit (groups under five suppressed), never for scoring."""
    config, _ = MatchingSettings.objects.get_or_create(programme=programme)
    fields = [f for f in config.audited_attributes if f in Demographics.FIELDS]
    rows = Demographics.objects.filter(user_id__in=people).values("user_id", *fields)
    groups: dict[str, dict[int, str]] = {f: {} for f in fields}
    for row in rows:
        for f in fields:
            groups[f][row["user_id"]] = row[f]
    return groups


def level_gap_of(programme: Programme, config: MatchingSettings) -> int | None:
    """The programme's level rule. Reverse mentoring asks the mentor to be
    junior by at least one level unless the programme says by how many."""
    if config.min_level_gap is None and programme.is_reverse:
        return 1
    return config.min_level_gap
