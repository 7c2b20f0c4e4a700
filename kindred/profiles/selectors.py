"""Reads for profiles. Demographics are only ever read through
`demographics_read`, which enforces who may and leaves an audit entry."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.audit import services as audit
from kindred.engines.scheduling import Block, Calendar, Override
from kindred.lib.errors import NotFound
from kindred.lib.privacy import enough_people
from kindred.lib.timezones import local_today
from kindred.profiles import instruments
from kindred.profiles.logistics import Boundaries
from kindred.profiles.models import (
    REQUIRED_STEPS,
    Demographics,
    IntakeStep,
    Profile,
    TimeOff,
    Topic,
)
from kindred.programs.models import Programme
from kindred.programs.selectors import person_for_viewer


def profile_of(person: User) -> Profile:
    profile = (
        Profile.objects.filter(user=person)
        .select_related("user")
        .prefetch_related("goals", "skills_sought", "skills_offered")
        .first()
    )
    return profile or Profile(user=person)


def profile_if_any(person: User) -> Profile | None:
    """The person's profile, or None before their intake: the one read with
    them where the query selected it, else one query (remembered on them)."""
    try:
        return person.profile
    except Profile.DoesNotExist:
        return None


def intake_state_of(person: User) -> Profile:
    """Only what says how far the person's intake has gone (the home's card)."""
    fields = ("user_id", "steps_done", "intake_completed_at")
    return Profile.objects.filter(user=person).only(*fields).first() or Profile(user=person)


def profile_for_viewer(viewer: User, person_id: int) -> Profile:
    return profile_of(person_for_viewer(viewer, person_id))


def big_five_summary(profile: Profile) -> list[dict[str, object]]:
    scores = profile.big_five
    if scores is None:
        return []
    return [
        {
            "trait": trait,
            "name": instruments.TRAIT_NAMES[trait],
            "score": score,
            "percent": round((score - 1) / 6 * 100),
            "description": instruments.describe_trait(trait, score),
        }
        for trait, score in scores.items()
    ]


def values_summary(profile: Profile) -> list[dict[str, object]]:
    """The person's values, most important first."""
    rated = [
        {"name": value.name, "prompt": value.prompt, "rating": profile.values[value.key]}
        for value in instruments.WORK_VALUES
        if value.key in profile.values
    ]
    return sorted(rated, key=lambda item: -int(str(item["rating"])))


def next_intake_step(profile: Profile) -> IntakeStep | None:
    for step in IntakeStep:
        if step.value not in profile.steps_done:
            return step
    return None


def may_read_demographics(viewer: User, subject: User) -> bool:
    # The person themself, and organisation admins answering a data request.
    # Managers never see individual answers: only aggregates of five or more.
    return viewer.pk == subject.pk or viewer.is_org_admin


def demographics_read(
    *, viewer: User, subject: User, channel: str, purpose: str = ""
) -> Demographics | None:
    if not may_read_demographics(viewer, subject):
        raise NotFound(_("No such person."))
    audit.record(
        audit.Action.DEMOGRAPHICS_READ,
        actor=viewer,
        subject=subject,
        detail=purpose,
        channel=channel,
    )
    return Demographics.objects.filter(user=subject).first()


def boundaries_of(profile: Profile | None) -> Boundaries:
    if profile is None:
        return {"quiet_hours": None, "blocks": []}
    return {"quiet_hours": profile.quiet_hours or None, "blocks": list(profile.boundary_blocks)}


def time_off_from(user_ids: list[int], since: dt.date) -> dict[int, list[TimeOff]]:
    """Each person's time off that has not ended before `since`."""
    found: dict[int, list[TimeOff]] = {pk: [] for pk in user_ids}
    for entry in TimeOff.objects.filter(user_id__in=user_ids, last_day__gte=since):
        found[entry.user_id].append(entry)
    return found


def upcoming_time_off(user: User) -> list[TimeOff]:
    """Time off that has not ended yet on the person's own calendar."""
    today = local_today(user.timezone)
    return list(TimeOff.objects.filter(user=user, last_day__gte=today))


def overrides_from(entries: list[TimeOff]) -> tuple[Override, ...]:
    """One override per local date: no windows when away, else the hours."""
    return tuple(
        Override(
            entry.first_day + dt.timedelta(days=n),
            tuple((start, end) for start, end in entry.hours),
        )
        for entry in entries
        for n in range((entry.last_day - entry.first_day).days + 1)
    )


def calendar_of(
    user: User,
    *,
    busy: tuple[tuple[dt.datetime, dt.datetime], ...] = (),
    boundaries: Boundaries | None = None,
    around: dt.datetime | None = None,
) -> Calendar:
    """A person's working windows and boundaries, in their own zone, as the
    scheduling core reads them (used for meeting times and for when
    notifications may go out). `boundaries` replaces the profile's own, for
    a relationship whose signed agreement sets them; time off is read from
    `around` (the earliest moment the caller asks about) onwards."""
    profile = getattr(user, "profile", None)
    windows = tuple(
        (w["day"], w["start"], w["end"]) for w in (profile.working_windows if profile else [])
    )
    rules = boundaries if boundaries is not None else boundaries_of(profile)
    blocks = tuple(
        Block(tuple(b["days"]), b["start"], b["end"], b.get("hard", True), b["label"])
        for b in rules["blocks"]
    )
    quiet = rules["quiet_hours"]
    # Time off from two days before `around` (default now): that covers the
    # local date in every zone from UTC-12 to UTC+14.
    since = (around or timezone.now()).astimezone(dt.UTC).date() - dt.timedelta(days=2)
    return Calendar(
        user.timezone,
        windows,
        overrides=overrides_from(time_off_from([user.pk], since)[user.pk]),
        blocks=blocks,
        quiet_hours=(quiet["start"], quiet["end"]) if quiet else None,
        busy=busy,
    )


def vocabulary_of(programme: Programme) -> tuple[QuerySet[Topic], QuerySet[Topic]]:
    """The programme's own goals and skills, and the shared ones still offered."""
    own = Topic.objects.filter(programme=programme)
    shared = Topic.objects.filter(programme__isnull=True, retired=False)
    return own, shared


def topics_available_to(user: User, kind: str | None = None) -> Any:
    """Shared topics plus those of the programmes the person is in."""
    topics = Topic.objects.filter(retired=False).filter(
        Q(programme__isnull=True) | Q(programme__memberships__user=user)
    )
    if kind:
        topics = topics.filter(kind=kind)
    return topics.distinct()


def profile_text(profile: Profile) -> str:
    """What the meaning component compares: calling, dreams and goal names."""
    goals = [topic.name for topic in profile.goals.all()]
    return " ".join(filter(None, [profile.calling, profile.career_dreams, *goals]))


def own_profile(user: User) -> Profile:
    """The person's profile, which every account has from its creation."""
    return Profile.objects.get(user=user)


@dataclass(frozen=True)
class IntakeLength:
    minutes: int
    people: int  # whose timings it is the median of; 0 when estimated


# Before enough people have taken it: a rating takes about 6 seconds; the
# written and the scheduling steps a few minutes each.
ESTIMATE_SECONDS = 6 * (len(instruments.WORK_VALUES) + len(instruments.TIPI_ITEMS)) + 6 * 60


def intake_length() -> IntakeLength:
    """How long the required steps take: the median of the people who timed
    every one of them (at least the minimum group), else an estimate."""
    required = [step.value for step in REQUIRED_STEPS]
    totals = []
    for timings in Profile.objects.exclude(step_seconds={}).values_list("step_seconds", flat=True):
        if all(step in timings for step in required):
            totals.append(sum(timings[step] for step in required))
    if enough_people(len(totals)):
        return IntakeLength(max(1, round(statistics.median(totals) / 60)), len(totals))
    return IntakeLength(max(1, round(ESTIMATE_SECONDS / 60)), 0)
