"""Writes for the intake: one service per step, each validating its own
section and recording the step as done. The web intake and the API share them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.audit import services as audit
from kindred.lib import logs
from kindred.lib.errors import InvalidInput, NotFound
from kindred.lib.jobs import run_later
from kindred.lib.languages import is_known_language
from kindred.lib.text import require_single_line
from kindred.lib.timezones import canonical_zone, is_valid_zone, local_today
from kindred.profiles import instruments, logistics
from kindred.profiles.models import (
    REQUIRED_STEPS,
    Demographics,
    IntakeStep,
    Profile,
    TimeOff,
    Topic,
)
from kindred.profiles.selectors import topics_available_to
from kindred.programs.models import Programme
from kindred.programs.policies import require_programme_manager

TEXT_LIMIT = 1500
MAX_TOPICS = 15
MAX_OFF_LIMITS = 20
MAX_BLOCKS = 12
MAX_TIME_OFF_DAYS = 92
MAX_TIME_OFF_ENTRIES = 40
TIME_OFF_HORIZON = dt.timedelta(days=2 * 366)


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput.on(field, message)


def _profile_for(user: User) -> Profile:
    return Profile.objects.select_for_update().get(user=user)


def _mark_step_done(profile: Profile, step: IntakeStep) -> None:
    if step not in profile.steps_done:
        profile.steps_done = [*profile.steps_done, step.value]
    if profile.intake_completed_at is None and all(s in profile.steps_done for s in REQUIRED_STEPS):
        profile.intake_completed_at = timezone.now()


@logs.logged
@transaction.atomic
def profile_save_values(*, actor: User, ratings: Mapping[str, int]) -> Profile:
    try:
        cleaned = instruments.validate_values(dict(ratings))
    except instruments.InstrumentError as exc:
        raise _invalid("values", str(exc)) from exc
    profile = _profile_for(actor)
    profile.values = cleaned
    _mark_step_done(profile, IntakeStep.VALUES)
    profile.save()
    return profile


@logs.logged
@transaction.atomic
def profile_save_personality(*, actor: User, answers: list[int]) -> Profile:
    try:
        scores = instruments.score_tipi(list(answers))
    except instruments.InstrumentError as exc:
        raise _invalid("tipi_answers", str(exc)) from exc
    profile = _profile_for(actor)
    profile.tipi_answers = list(answers)
    for trait, score in scores.items():
        setattr(profile, trait, score)
    _mark_step_done(profile, IntakeStep.PERSONALITY)
    profile.save()
    return profile


def _topics(user: User, kind: str, ids: Iterable[int], field: str) -> list[Topic]:
    wanted = set(ids)
    if len(wanted) > MAX_TOPICS:
        raise _invalid(field, _("Choose at most %(topics)s.") % {"topics": MAX_TOPICS})
    found = list(topics_available_to(user, kind).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise _invalid(field, _("Some of the chosen topics do not exist or are not available."))
    return found


@logs.logged
@transaction.atomic
def profile_save_calling(
    *,
    actor: User,
    calling: str,
    career_dreams: str,
    goal_ids: Iterable[int],
    skills_sought_ids: Iterable[int],
    skills_offered_ids: Iterable[int],
) -> Profile:
    calling, career_dreams = calling.strip(), career_dreams.strip()
    for field, text in (("calling", calling), ("career_dreams", career_dreams)):
        if len(text) > TEXT_LIMIT:
            raise _invalid(
                field, _("Keep this under %(text_limit)s characters.") % {"text_limit": TEXT_LIMIT}
            )
    if not calling:
        raise _invalid("calling", _("Tell your mentoring partner a little about your calling."))
    goals = _topics(actor, Topic.Kind.GOAL, goal_ids, "goals")
    sought = _topics(actor, Topic.Kind.SKILL, skills_sought_ids, "skills_sought")
    offered = _topics(actor, Topic.Kind.SKILL, skills_offered_ids, "skills_offered")
    profile = _profile_for(actor)
    profile.calling, profile.career_dreams = calling, career_dreams
    profile.goals.set(goals)
    profile.skills_sought.set(sought)
    profile.skills_offered.set(offered)
    _mark_step_done(profile, IntakeStep.CALLING)
    profile.text_embedding = None  # stale until the worker embeds the new text
    profile.save()
    run_later("kindred.profiles.tasks.embed_profile_text", profile.pk)
    return profile


@logs.logged
@transaction.atomic
def profile_save_logistics(
    *,
    actor: User,
    zone: str,
    languages: list[str],
    working_windows: Any,
    sync_channels: Any,
    async_channels: Any,
) -> Profile:
    zone = canonical_zone(zone)
    if not is_valid_zone(zone):
        raise _invalid("timezone", _("%(zone)s is not an IANA time zone.") % {"zone": repr(zone)})
    unknown = [code for code in languages if not is_known_language(code)]
    if unknown or not languages:
        raise _invalid("languages", _("Choose at least one language you can mentor in."))
    try:
        windows = logistics.validate_windows(working_windows)
        sync = logistics.validate_channels(
            sync_channels, logistics.SYNC_CHANNELS, _("Live channels")
        )
        asyn = logistics.validate_channels(
            async_channels, logistics.ASYNC_CHANNELS, _("Written channels")
        )
    except logistics.LogisticsError as exc:
        raise _invalid("logistics", str(exc)) from exc
    if not windows:
        raise _invalid("working_windows", _("Give at least one weekly window when you can meet."))
    if not sync:
        raise _invalid("sync_channels", _("Choose at least one way to meet live."))
    actor.timezone = zone
    actor.languages = list(dict.fromkeys(languages))
    actor.save(update_fields=["timezone", "languages"])
    profile = _profile_for(actor)
    profile.working_windows, profile.sync_channels, profile.async_channels = windows, sync, asyn
    _mark_step_done(profile, IntakeStep.LOGISTICS)
    profile.save()
    return profile


@logs.logged
@transaction.atomic
def profile_save_boundaries(
    *,
    actor: User,
    quiet_hours: Any,
    blocks: Any,
    topics_off_limits: list[str],
    camera_optional: bool,
) -> Profile:
    try:
        quiet = logistics.validate_quiet_hours(quiet_hours)
        if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
            raise logistics.LogisticsError(
                _("Give at most %(blocks)s recurring blocks.") % {"blocks": MAX_BLOCKS}
            )
        cleaned_blocks = [logistics.validate_block(block) for block in blocks]
    except logistics.LogisticsError as exc:
        raise _invalid("boundaries", str(exc)) from exc
    topics = [
        require_single_line(t.strip(), "topics_off_limits") for t in topics_off_limits if t.strip()
    ]
    if len(topics) > MAX_OFF_LIMITS or any(len(t) > 120 for t in topics):
        raise _invalid(
            "topics_off_limits",
            _("List at most %(off_limits)s topics of up to 120 characters.")
            % {"off_limits": MAX_OFF_LIMITS},
        )
    profile = _profile_for(actor)
    profile.quiet_hours = quiet
    profile.boundary_blocks = cleaned_blocks
    profile.topics_off_limits = topics
    profile.camera_optional = camera_optional
    _mark_step_done(profile, IntakeStep.BOUNDARIES)
    profile.save()
    return profile


@logs.logged
@transaction.atomic
def demographics_save(*, actor: User, answers: Mapping[str, str], channel: str) -> Demographics:
    """Store the person's own answers; every field may stay blank."""
    record = Demographics.objects.get_or_create(user=actor)[0]
    for field in Demographics.FIELDS:
        value = answers.get(field, "") or ""
        if value and value not in Demographics.answers_for(field):
            raise _invalid(
                field, _("%(value)s is not one of the offered answers.") % {"value": repr(value)}
            )
        setattr(record, field, value)
    record.save()
    audit.record(audit.Action.DEMOGRAPHICS_CHANGE, actor=actor, subject=actor, channel=channel)
    profile = _profile_for(actor)
    _mark_step_done(profile, IntakeStep.DEMOGRAPHICS)
    profile.save()
    return record


@logs.logged
@transaction.atomic
def topic_add(*, actor: User, programme: Programme, kind: str, name: str) -> Topic:
    """A programme extends the shared vocabulary with its own goal or skill."""
    require_programme_manager(actor, programme, gettext_noop("extend its vocabulary"))
    name = " ".join(require_single_line(name, "name").split())
    if kind not in Topic.Kind.values:
        raise _invalid("kind", _("Kind must be goal or skill."))
    if not name or len(name) > 80:
        raise _invalid("name", _("Give a name of 1 to 80 characters."))
    clash = Topic.objects.filter(kind=kind, name__iexact=name).filter(
        Q(programme__isnull=True) | Q(programme=programme)
    )
    if clash.exists():
        raise _invalid("name", _("“%(name)s” is already in the vocabulary.") % {"name": name})
    return Topic.objects.create(kind=kind, name=name, programme=programme)


@logs.logged
@transaction.atomic
def topic_set_retired(*, actor: User, programme: Programme, topic_id: int, retired: bool) -> Topic:
    require_programme_manager(actor, programme, gettext_noop("retire its topics"))
    topic = Topic.objects.filter(pk=topic_id, programme=programme).first()
    if topic is None:
        raise InvalidInput(_("Only the programme's own topics can be retired."))
    topic.retired = retired
    topic.save(update_fields=["retired"])
    return topic


# --- time off and changed hours ----------------------------------------------------


@logs.logged
@transaction.atomic
def time_off_add(
    *,
    actor: User,
    first_day: dt.date,
    last_day: dt.date | None = None,
    hours: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> TimeOff:
    """Days away (no hours) or with different hours, on the person's own
    local dates. Ranges may not overlap, so each date has one answer."""
    today = today or local_today(actor.timezone)
    last_day = last_day or first_day
    _check_time_off_dates(first_day, last_day, today)
    try:
        windows = logistics.parse_day_windows(0, hours)
    except logistics.LogisticsError as exc:
        raise _invalid("hours", str(exc)) from exc
    if len(note.strip()) > 80:
        raise _invalid("note", _("Keep the note under 80 characters."))
    list(User.objects.select_for_update().filter(pk=actor.pk))  # one change at a time per person
    mine = TimeOff.objects.filter(user=actor)
    if mine.filter(first_day__lte=last_day, last_day__gte=first_day).exists():
        raise _invalid("first_day", _("You already have time off on some of those days."))
    if mine.filter(last_day__gte=today).count() >= MAX_TIME_OFF_ENTRIES:
        raise _invalid(
            "first_day",
            _("Keep at most %(time_off_entries)s upcoming entries.")
            % {"time_off_entries": MAX_TIME_OFF_ENTRIES},
        )
    return TimeOff.objects.create(
        user=actor,
        first_day=first_day,
        last_day=last_day,
        hours=[[w["start"], w["end"]] for w in windows],
        note=note.strip(),
    )


def _check_time_off_dates(first_day: dt.date, last_day: dt.date, today: dt.date) -> None:
    if last_day < first_day:
        raise _invalid("last_day", _("The last day must be on or after the first."))
    if last_day < today:
        raise _invalid("last_day", _("Those days have already passed."))
    if (last_day - first_day).days >= MAX_TIME_OFF_DAYS:
        raise _invalid(
            "last_day",
            _("Add at most %(time_off_days)s days at a time.")
            % {"time_off_days": MAX_TIME_OFF_DAYS},
        )
    if first_day > today + TIME_OFF_HORIZON:
        raise _invalid("first_day", _("Add time off up to two years ahead."))


@logs.logged
def time_off_remove(*, actor: User, time_off_id: int) -> None:
    deleted = TimeOff.objects.filter(user=actor, pk=time_off_id).delete()[0]
    if not deleted:
        raise NotFound(_("No such time off."))


STEP_SECONDS = (5, 1800)  # a step saved in under 5 s or left open 30 min says nothing


@logs.logged
@transaction.atomic
def profile_record_step_time(*, actor: User, step: IntakeStep, seconds: float) -> bool:
    """Keep how long the person's first save of a step took; False when it
    was already kept or the time says nothing (a tab left open)."""
    profile = _profile_for(actor)
    low, high = STEP_SECONDS
    if step.value in profile.step_seconds or not low <= seconds <= high:
        return False
    profile.step_seconds = {**profile.step_seconds, step.value: round(seconds)}
    profile.save(update_fields=["step_seconds"])
    return True
