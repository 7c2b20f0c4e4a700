"""Gather the evidence for many relationships at once: one query per kind
of record for the whole set (never one per relationship), grouped in
Python and handed to the framework-free health engine. The same figures as
the relationship page (the ledger, reliability, cadence kept)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from django.db.models import QuerySet

from kindred.commitments.models import Commitment
from kindred.commitments.selectors import Ledger
from kindred.engines.health.score import Inputs, RiskFacts
from kindred.health.models import SurveyResponse
from kindred.lib.timezones import local_today
from kindred.meetings.models import Meeting
from kindred.meetings.selectors import CADENCE_DAYS, cadence_periods, reliability
from kindred.messaging.models import Message
from kindred.projects.models import Milestone
from kindred.projects.selectors import milestones_on_time
from kindred.relationships.models import Agreement, Relationship
from kindred.safety.models import ComfortCheckIn

RECENT_COMFORT = dt.timedelta(days=30)
DEFAULT_REPLY_HOURS = 48


@dataclass
class Evidence:
    inputs: Inputs
    facts: RiskFacts


def _group(rows: Iterable[Any], key: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def gather(pairs: QuerySet[Relationship], *, now: dt.datetime) -> dict[int, Evidence]:
    relationships = list(pairs.select_related("mentor", "mentee", "programme"))
    terms = _terms(pairs)
    meetings = _group(
        Meeting.objects.filter(relationship__in=pairs)
        .only(
            "relationship_id", "status", "start", "absent_id", "late_arrival_id",
            "cancelled_by_id", "late_cancellation",
        )
        .order_by("start"),
        "relationship_id",
    )  # fmt: skip
    commitments = _group(
        Commitment.objects.filter(relationship__in=pairs, created_at__lte=now)
        .select_related("owner")
        .only("relationship_id", "owner__timezone", "status", "due_date", "completed_at",
              "prompted", "created_at"),
        "relationship_id",
    )  # fmt: skip
    # Only what existed at `now`, so past days can be recomputed faithfully.
    messages = _messages(pairs, now)
    surveys = _surveys(pairs, now)
    comfort = _comfort(pairs, now)
    milestones = _milestones(pairs)
    found = {}
    for relationship in relationships:
        cadence, reply_hours = terms.get(
            relationship.pk, (relationship.programme.default_cadence, DEFAULT_REPLY_HOURS)
        )
        found[relationship.pk] = _evidence(
            relationship,
            now=now,
            cadence_days=CADENCE_DAYS.get(cadence, 14),
            reply_hours=reply_hours,
            meetings=meetings.get(relationship.pk, []),
            commitments=commitments.get(relationship.pk, []),
            messages=messages.get(relationship.pk, []),
            surveys=surveys.get(relationship.pk, []),
            comfort=comfort.get(relationship.pk, []),
            milestones=milestones.get(relationship.pk, []),
        )
    return found


def _terms(pairs: QuerySet[Relationship]) -> dict[int, tuple[str, int]]:
    """(cadence, reply hours) of each relationship's signed agreement in force."""
    signed = (
        Agreement.objects.filter(
            relationship__in=pairs, mentor_signed_at__isnull=False, mentee_signed_at__isnull=False
        )
        .order_by("relationship_id", "version")
        .values_list("relationship_id", "cadence", "reply_within_hours")
    )
    return {rid: (cadence, hours) for rid, cadence, hours in signed}  # the last version wins


def _messages(
    pairs: QuerySet[Relationship], now: dt.datetime
) -> dict[int, list[tuple[int, dt.datetime]]]:
    grouped: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    rows = (
        Message.objects.filter(relationship__in=pairs, sent_at__lte=now)
        .order_by("relationship_id", "sent_at", "id")
        .values_list("relationship_id", "sender_id", "sent_at")
    )
    for rid, sender, sent_at in rows.iterator(chunk_size=5000):
        grouped[rid].append((sender, sent_at))
    return grouped


def _surveys(
    pairs: QuerySet[Relationship], now: dt.datetime
) -> dict[int, list[tuple[int, int, dict[str, float]]]]:
    grouped: dict[int, list[tuple[int, int, dict[str, float]]]] = defaultdict(list)
    rows = (
        SurveyResponse.objects.filter(relationship__in=pairs, submitted_at__lte=now)
        .order_by("round_day", "id")
        .values_list("relationship_id", "respondent_id", "round_day", "scales")
    )
    for rid, who, day, scales in rows.iterator(chunk_size=5000):
        grouped[rid].append((who, day, scales))
    return grouped


def _comfort(
    pairs: QuerySet[Relationship], now: dt.datetime
) -> dict[int, list[tuple[int, int, dt.datetime]]]:
    grouped: dict[int, list[tuple[int, int, dt.datetime]]] = defaultdict(list)
    rows = ComfortCheckIn.objects.filter(
        meeting__relationship__in=pairs, created_at__lte=now
    ).values_list(
        "meeting__relationship_id", "sharing_comfortable", "boundaries_respected", "created_at"
    )
    for rid, sharing, respected, at in rows.iterator(chunk_size=5000):
        grouped[rid].append((sharing, respected, at))
    return grouped


def _milestones(pairs: QuerySet[Relationship]) -> dict[int, list[Milestone]]:
    grouped: dict[int, list[Milestone]] = defaultdict(list)
    rows = (
        Milestone.objects.filter(project__relationship__in=pairs)
        .select_related("owner", "project")
        .only("project__relationship_id", "due_date", "done_at", "owner__timezone")
    )
    for milestone in rows.iterator(chunk_size=5000):
        pair = milestone.project.relationship_id
        assert pair is not None  # read through the pairs
        grouped[pair].append(milestone)
    return grouped


def _evidence(
    relationship: Relationship,
    *,
    now: dt.datetime,
    cadence_days: int,
    reply_hours: int,
    meetings: list[Meeting],
    commitments: list[Commitment],
    messages: list[tuple[int, dt.datetime]],
    surveys: list[tuple[int, int, dict[str, float]]],
    comfort: list[tuple[int, int, dt.datetime]],
    milestones: list[Milestone],
) -> Evidence:
    end = min(now, relationship.ended_at or now)
    held = [m.start for m in meetings if m.status == Meeting.Status.HELD and m.start <= now]
    periods, kept = cadence_periods(relationship.started_at, end, cadence_days, held)
    ledger = Ledger()
    for commitment in commitments:
        ledger.add(commitment, local_today(commitment.owner.timezone, now))
    steady = reliability(relationship, meetings, count_reschedules=False)
    due = sum(r.due for r in steady.values())
    attended = sum(r.attended for r in steady.values())
    prompt = sum(r.on_time for r in steady.values())
    latest, drops = _survey_state(surveys)
    inputs = Inputs(
        surveys=latest,
        cadence_kept=kept / periods if periods else None,
        unprompted_share=ledger.unprompted / ledger.completed if ledger.completed else None,
        on_time_share=ledger.on_time / ledger.completed if ledger.completed else None,
        overdue_now=ledger.overdue_now,
        attended_share=attended / due if due else None,
        on_time_to_meetings=prompt / attended if attended else None,
        comfort_mean=fmean(v for s, r, _ in comfort for v in (s, r)) if comfort else None,
        responsiveness=_responsiveness(messages, reply_hours, now),
        milestones_on_time=milestones_on_time(milestones, now),
    )
    last = held[-1] if held else relationship.started_at
    facts = RiskFacts(
        days_since_last_meeting=(end - last).total_seconds() / 86400,
        meeting_booked=any(m.status in Meeting.OPEN and m.start > now for m in meetings),
        cadence_days=cadence_days,
        survey_drops=drops,
        overdue_now=ledger.overdue_now,
        last_two_missed_by_no_show=_two_no_shows(meetings, now),
        low_comfort_recently=any(
            min(s, r) <= ComfortCheckIn.LOW and at >= now - RECENT_COMFORT for s, r, at in comfort
        ),
    )
    return Evidence(inputs, facts)


def _survey_state(
    surveys: list[tuple[int, int, dict[str, float]]],
) -> tuple[dict[str, float], dict[str, float]]:
    """(the mean of each person's latest scales, the largest fall of any
    scale between a person's last two surveys)."""
    by_person: dict[int, list[dict[str, float]]] = defaultdict(list)
    for who, _, scales in surveys:  # already in round order
        by_person[who].append(scales)
    latest: dict[str, list[float]] = defaultdict(list)
    drops: dict[str, float] = {}
    for answers in by_person.values():
        for key, value in answers[-1].items():
            latest[key].append(value)
        if len(answers) >= 2:
            for key, value in answers[-1].items():
                fall = answers[-2].get(key, value) - value
                drops[key] = max(drops.get(key, 0.0), round(fall, 3))
    return {k: round(fmean(v), 3) for k, v in latest.items()}, drops


def _responsiveness(
    messages: list[tuple[int, dt.datetime]], reply_hours: int, now: dt.datetime
) -> float | None:
    """Of the messages that called for a reply (the other person's next
    message, or none yet after the agreed time), the share answered in time."""
    window = dt.timedelta(hours=reply_hours)
    expected = answered = 0
    nexts: list[tuple[int, dt.datetime] | None] = [*messages[1:], None] if messages else []
    for (sender, sent), following in zip(messages, nexts, strict=True):
        if following is not None and following[0] == sender:
            continue  # a follow-up by the same person; the reply is due to the last one
        if following is None and now - sent < window:
            continue  # still within the agreed time
        expected += 1
        answered += following is not None and following[1] - sent <= window
    return answered / expected if expected else None


def _two_no_shows(meetings: list[Meeting], now: dt.datetime) -> bool:
    past = [
        m
        for m in meetings
        if m.start <= now and m.status in (Meeting.Status.HELD, Meeting.Status.MISSED)
    ]
    return len(past) >= 2 and all(
        m.status == Meeting.Status.MISSED and m.absent_id is not None for m in past[-2:]
    )
