"""Writes for health: survey answers, the survey sweep, and the daily
recomputation of every relationship's score and risks (with a digest of
newly at-risk pairs to the programme's managers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.circles.health import snapshot_circles
from kindred.engines.health import surveys
from kindred.engines.health.score import health, risks
from kindred.health.dashboard import dashboard
from kindred.health.inputs import gather
from kindred.health.messages import AtRiskDigest, SurveyInvitation, SurveyReminder
from kindred.health.models import HealthSnapshot, ProgrammeInsight, SurveyResponse
from kindred.health.selectors import Filters, survey_rounds
from kindred.lib import logs
from kindred.lib.errors import Conflict, InvalidInput
from kindred.lib.health_words import contributors_kept, ratings_refusal, risks_kept
from kindred.notifications.services import notify
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship
from kindred.relationships.policies import require_pair_member
from kindred.relationships.selectors import calendar_in

REMIND_AFTER = dt.timedelta(days=5)


# --- surveys -----------------------------------------------------------------------------


@logs.logged
@transaction.atomic
def survey_submit(
    *, actor: User, relationship: Relationship, round_day: int, answers: dict[str, object]
) -> SurveyResponse:
    role = require_pair_member(actor, relationship, _("answer its surveys"))
    if round_day not in survey_rounds(relationship, today=timezone.now().date()):
        raise Conflict(_("That survey is not open."))
    try:
        clean = surveys.validate(answers)
    except surveys.RatingsRefused as error:
        nothing = _("Answer at least one statement.")
        raise InvalidInput.on("answers", ratings_refusal(error, nothing_rated=nothing)) from None
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                relationship=relationship,
                respondent=actor,
                role=role,
                round_day=round_day,
                answers=clean,
                scales=surveys.scales(clean),
            )
    except IntegrityError:
        raise Conflict(_("You have already answered this survey.")) from None


def send_surveys(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Invite each person to each due round once, and remind once after
    five days; through the outbox, in their own hours."""
    now = now or timezone.now()
    counts = {"invited": 0, "reminded": 0}
    active = Relationship.objects.filter(status=Relationship.Status.ACTIVE).select_related(
        "mentor__profile", "mentee__profile", "programme"
    )
    answered = set(
        SurveyResponse.objects.filter(relationship__in=active).values_list(
            "relationship_id", "respondent_id", "round_day"
        )
    )
    for relationship in active:
        rounds = survey_rounds(relationship, today=now.date())
        if not rounds:
            continue
        day = rounds[-1]
        opened = relationship.started_at + dt.timedelta(days=day)
        for person in (relationship.mentor, relationship.mentee):
            if (relationship.pk, person.pk, day) in answered:
                continue
            stage = "remind" if now - opened >= REMIND_AFTER else "invite"
            _invite(relationship, person, day, stage, now)
            counts["reminded" if stage == "remind" else "invited"] += 1
    return counts


def _invite(
    relationship: Relationship, person: User, day: int, stage: str, now: dt.datetime
) -> None:
    news = SurveyInvitation if stage == "invite" else SurveyReminder
    notify(
        recipient=person,
        message=news(relationship=relationship.pk),
        key=f"survey:{relationship.pk}:{day}:{person.pk}:{stage}",
        now=now,
        calendar=calendar_in(relationship, person, around=now),
    )


# --- health --------------------------------------------------------------------------------


def compute_health(
    programme: Programme, *, now: dt.datetime | None = None, alert: bool = True
) -> dict[str, int]:
    """Recompute every active relationship's health for today, and send the
    programme's managers one digest of the pairs that became at risk
    (unless `alert` is off, as when rebuilding past days)."""
    now = now or timezone.now()
    pairs = Relationship.objects.filter(programme=programme, status=Relationship.Status.ACTIVE)
    evidence = gather(pairs, now=now)
    today = now.date()
    snapshots = []
    for relationship_id, found in evidence.items():
        # What anyone but the respondents sees of one pair rests on behaviour
        # only: surveys and check-ins are one or two people's private
        # answers, and reach managers pooled (the dashboard) or as a flag.
        shared = health(found.inputs, for_the_pair=True)
        reasons = risks_kept(risks(found.facts))
        snapshots.append(
            HealthSnapshot(
                relationship_id=relationship_id,
                programme=programme,
                on=today,
                score=shared.score,
                components=shared.components,
                contributors=contributors_kept(shared.contributors),
                risks=reasons,
                risk_count=len(reasons),
                at_risk=bool(reasons),
                pair_score=shared.score,
                pair_contributors=contributors_kept(shared.contributors),
            )
        )
    before = _at_risk_before(programme, today)
    with transaction.atomic():
        HealthSnapshot.objects.filter(programme=programme, on=today).delete()
        HealthSnapshot.objects.bulk_create(snapshots, batch_size=2000)
    circles = snapshot_circles(programme, now=now) if programme.is_circles else 0
    _store_insight(programme, today, now)
    newly = [s for s in snapshots if s.at_risk and s.relationship_id not in before]
    if alert:
        _tell_managers(programme, newly, now)
    return {"relationships": len(snapshots), "at_risk": sum(s.at_risk for s in snapshots),
            "newly_at_risk": len(newly), "circles": circles}  # fmt: skip


def _store_insight(programme: Programme, today: dt.date, now: dt.datetime) -> None:
    charts = [asdict(chart) for chart in dashboard(programme, Filters(), now=now)]
    ProgrammeInsight.objects.update_or_create(
        programme=programme, on=today, defaults={"charts": charts}
    )


def _at_risk_before(programme: Programme, today: dt.date) -> set[int]:
    last_day = (
        HealthSnapshot.objects.filter(programme=programme, on__lt=today)
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )
    if last_day is None:
        return set()
    return set(
        HealthSnapshot.objects.filter(programme=programme, on=last_day, at_risk=True).values_list(
            "relationship_id", flat=True
        )
    )


def _tell_managers(programme: Programme, newly: list[HealthSnapshot], now: dt.datetime) -> None:
    if not newly:
        return
    people = Relationship.objects.filter(pk__in=[s.relationship_id for s in newly])
    digest = AtRiskDigest(
        programme=programme.pk,
        pairs=tuple((s.relationship_id, tuple(s.risks)) for s in newly),
        people=tuple(pk for pair in people.values_list("mentor_id", "mentee_id") for pk in pair),
    )
    for manager in programme.managers.all():
        notify(
            recipient=manager,
            message=digest,
            key=f"atrisk:{programme.pk}:{now.date().isoformat()}:{manager.pk}",
            now=now,
        )
