"""Writes for matching: runs, the manager's review, publication, decisions
and self-match requests. Each service owns its transaction."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from kindred.accounts.models import User
from kindred.development.requirements import require_before_matching
from kindred.engines import matching as engine
from kindred.engines.matching.fairness import audit
from kindred.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from kindred.lib.jobs import can_defer, run_later
from kindred.matching import inputs
from kindred.matching.messages import ProposalWithdrawn
from kindred.matching.models import Decision, Exclusion, MatchRun, MentorRequest, Proposal
from kindred.matching.optimality import run_statement
from kindred.matching.selectors import open_proposals_elsewhere, self_match_enabled
from kindred.notifications.services import notify
from kindred.profiles.models import Demographics
from kindred.programs.models import Membership, Programme, Role
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start


def reasons_json(reasons: Sequence[engine.Reason]) -> list[dict[str, object]]:
    return [{"component": r.component, "text": r.text, "weight": r.contribution} for r in reasons]


# --- runs -------------------------------------------------------------------


@transaction.atomic
def run_start(
    *, actor: User, programme: Programme, pins: Sequence[tuple[int, int]] = ()
) -> MatchRun:
    if MatchRun.objects.filter(
        programme=programme, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
    ).exists():
        raise Conflict("A matching run is already in progress for this programme.")
    run = MatchRun.objects.create(
        programme=programme, created_by=actor, settings={"pins": [list(p) for p in pins]}
    )
    run_id = run.pk
    run_later("kindred.matching.tasks.run_matching", run_id)
    return run


def _progress(run: MatchRun, percent: int, note: str) -> None:
    MatchRun.objects.filter(pk=run.pk).update(progress=percent, progress_note=note)


def run_execute(run_id: int, *, today: dt.date | None = None) -> MatchRun:
    """The background task's body: gather the pool, solve, explain, audit."""
    run = MatchRun.objects.select_related("programme").get(pk=run_id)
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING,
        started_at=timezone.now(),
        progress=5,
        progress_note="Gathering profiles",
    )
    try:
        pins = tuple(tuple(p) for p in run.settings.get("pins", []))
        data = inputs.engine_inputs(run.programme, today=today or timezone.localdate(), pins=pins)
        _progress(
            run, 30, f"Scoring {len(data.mentees)} mentees against {len(data.mentors)} mentors"
        )
        result = engine.match(data.mentees, data.mentors, data.settings, timer=time.perf_counter)
        _progress(run, 80, "Writing explanations and the fairness audit")
        with transaction.atomic():
            _store_result(run, data, result)
    except Exception as exc:  # the run records any failure for the manager to see
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    run.refresh_from_db()
    return run


def _store_result(run: MatchRun, data: inputs.EngineInputs, result: engine.MatchResult) -> None:
    people = {p.id: p for p in [*data.mentees, *data.mentors]}
    Proposal.objects.bulk_create(
        [_proposal(run, pair, people, data.settings) for pair in result.pairs], batch_size=500
    )
    unmatched = (
        [
            {"mentee": u.mentee_id, "reason": u.reason, "feasible_mentors": u.feasible_mentors}
            for u in result.unmatched
        ]
        + _left_out(data.incomplete, "intake_incomplete")
        + _left_out(data.modules_missing, "modules_required")
    )
    pool = [p.id for p in data.mentees] + data.incomplete + data.modules_missing
    groups = inputs.audit_groups(run.programme, pool + [p.id for p in data.mentors])
    run.settings = {
        **run.settings,
        **inputs.settings_snapshot(data.settings),
        "mentors_waiting_on_modules": len(data.mentors_waiting),
    }
    run.engine_version = result.engine_version
    run.input_hash = data.fingerprint()
    run.text_method = result.text_method
    run.objective, run.bound, run.gap = result.objective, result.bound, result.gap
    run.mentees_considered, run.mentors_considered = len(data.mentees), len(data.mentors)
    run.feasible_pairs = result.feasible_pairs
    run.certificate_rounds = result.certificate_rounds
    run.stopped, run.more_matchable = result.stopped, result.more_matchable
    run.timings = {k: round(v, 3) for k, v in result.timings.items()}
    run.unmatched = unmatched
    run.audit = [_labelled(asdict(a)) for a in audit(result.pairs, pool, data.capacities, groups)]
    run.status, run.progress, run.progress_note = MatchRun.Status.DONE, 100, "Done"
    run.finished_at = timezone.now()
    run.save()


def _left_out(mentees: list[int], reason: str) -> list[dict[str, object]]:
    """Mentees kept out of the pool, as unmatched rows with the reason."""
    return [{"mentee": m, "reason": reason, "feasible_mentors": 0} for m in mentees]


ATTRIBUTE_LABELS = {
    "gender": "Gender",
    "age_band": "Age band",
    "ethnicity": "Ethnicity",
    "disability": "Disability",
    "caregiver": "Caring responsibilities",
    "first_generation_professional": "First-generation professional",
}


def _labelled(attribute: dict[str, Any]) -> dict[str, Any]:
    """Readable names for an audited attribute and its groups."""
    names = dict(Demographics.CHOICES.get(attribute["attribute"], []))
    attribute["label"] = ATTRIBUTE_LABELS.get(attribute["attribute"], attribute["attribute"])
    for group in attribute["groups"]:
        group["label"] = names.get(group["group"], group["group"].capitalize())
    return attribute


def _proposal(
    run: MatchRun, pair: engine.Pair, people: dict[int, engine.Person], settings: engine.Settings
) -> Proposal:
    mentee, mentor = people[pair.mentee_id], people[pair.mentor_id]
    return Proposal(
        run=run,
        mentee_id=pair.mentee_id,
        mentor_id=pair.mentor_id,
        score=pair.score,
        components=pair.components,
        contributions=pair.contributions,
        overlap_hours=pair.overlap_hours,
        pinned=pair.pinned,
        mentee_reasons=reasons_json(engine.explain(pair, mentee, mentor, settings)),
        mentor_reasons=reasons_json(engine.explain(pair, mentee, mentor, settings, to="mentor")),
    )


def _draft(run: MatchRun) -> MatchRun:
    """The run, fresh and locked, if it can still be changed."""
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchRun.Status.DONE:
        raise Conflict("This run has not finished.")
    if run.published_at is not None:
        raise Conflict("This run is published; start a new run to change it.")
    return run


@transaction.atomic
def proposal_set_pinned(*, proposal: Proposal, pinned: bool) -> Proposal:
    _draft(proposal.run)
    proposal.pinned = pinned
    proposal.save(update_fields=["pinned"])
    return proposal


@transaction.atomic
def proposal_remove(*, actor: User, proposal: Proposal, reason: str = "") -> None:
    """Take the pair out and never propose it again in this programme."""
    run = _draft(proposal.run)
    Exclusion.objects.get_or_create(
        programme=proposal.run.programme,
        mentee=proposal.mentee,
        mentor=proposal.mentor,
        defaults={"created_by": actor, "reason": reason[:200]},
    )
    run.unmatched = [
        *run.unmatched,
        {"mentee": proposal.mentee_id, "reason": "removed_by_manager", "feasible_mentors": 0},
    ]
    run.save(update_fields=["unmatched"])
    proposal.delete()


@transaction.atomic
def proposals_swap(*, first: Proposal, second: Proposal, today: dt.date | None = None) -> list[str]:
    """Exchange the two mentees' mentors, re-scoring and re-explaining both.
    Returns a warning for each new pair that breaks a hard rule (the
    manager may still want it, so it is kept)."""
    if first.run_id != second.run_id or first.pk == second.pk:
        raise InvalidInput("Choose two different pairs from the same run.")
    _draft(first.run)
    data = inputs.engine_inputs(first.run.programme, today=today or timezone.localdate())
    mentees = [
        inputs.person_from(p.mentee, getattr(p.mentee, "profile", None)) for p in (first, second)
    ]
    mentors = [
        inputs.person_from(p.mentor, getattr(p.mentor, "profile", None), 1) for p in (first, second)
    ]
    pairs = engine.evaluate(
        mentees,
        mentors,
        data.settings,
        [(first.mentee_id, second.mentor_id), (second.mentee_id, first.mentor_id)],
    )
    people = {p.id: p for p in [*mentees, *mentors]}
    warnings = [
        f"{people[pair.mentee_id].name} and {people[pair.mentor_id].name} break a matching rule "
        "(language, shared hours, reporting line or an earlier pairing)."
        for pair in pairs
        if not pair.feasible
    ]
    for proposal, pair in zip((first, second), pairs, strict=True):
        fresh = _proposal(proposal.run, pair, people, data.settings)
        for field in (
            "mentor_id",
            "score",
            "components",
            "contributions",
            "overlap_hours",
            "mentee_reasons",
            "mentor_reasons",
        ):
            setattr(proposal, field, getattr(fresh, field))
        proposal.pinned = True  # the manager chose it: keep it in re-runs
        proposal.save()
    return warnings


@transaction.atomic
def run_rerun(*, actor: User, run: MatchRun) -> MatchRun:
    """A new run that keeps the pairs pinned in this one."""
    run = _draft(run)
    pins = list(run.proposals.filter(pinned=True).values_list("mentee_id", "mentor_id"))
    return run_start(actor=actor, programme=run.programme, pins=pins)


@transaction.atomic
def run_publish(*, run: MatchRun, supersede: bool = False, accept_gap: bool = False) -> MatchRun:
    """Publish a run's proposals. A programme has at most one published run
    whose proposals wait for answers: publishing another is refused, unless
    the manager says it supersedes the first, whose open proposals are then
    withdrawn and the people concerned told once. A run not proven optimal
    is published only when the manager accepts its gap."""
    run = _draft(run)
    if not run.certified and not accept_gap:
        raise Conflict(
            f"{run_statement(run)} To publish it as it is, confirm that you accept the gap."
        )
    # One publication per programme at a time: the second waits here and
    # then sees the first's open proposals.
    list(Programme.objects.select_for_update().filter(pk=run.programme_id))
    waiting = open_proposals_elsewhere(run)
    if waiting.exists() and not supersede:
        earlier = waiting.values_list("run_id", flat=True).first()
        raise Conflict(
            f"Run #{earlier} is published and {waiting.count()} of its proposals still wait "
            "for answers. Publish this run in its place (their proposals are withdrawn and "
            "the people concerned told), or wait for the answers."
        )
    _withdraw(list(waiting.select_related("run__programme")))
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    run.proposals.update(status=Proposal.Status.PUBLISHED)
    run_id = run.pk
    run_later("kindred.matching.tasks.notify_proposals_published", run_id)
    return run


def _withdraw(proposals: list[Proposal]) -> None:
    for proposal in proposals:
        proposal.status = Proposal.Status.WITHDRAWN
        proposal.save(update_fields=["status"])
        for person in (proposal.mentee, proposal.mentor):
            notify(
                recipient=person,
                message=ProposalWithdrawn(programme=proposal.run.programme_id),
                key=f"proposal-withdrawn:{proposal.pk}:{person.pk}",
            )


# --- decisions ----------------------------------------------------------------


@transaction.atomic
def proposal_decide(*, user: User, proposal_id: int, accept: bool, reason: str = "") -> Proposal:
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("run__programme", "mentee", "mentor")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or user.pk not in (proposal.mentee_id, proposal.mentor_id):
        raise NotFound("No such proposal.")
    if proposal.status != Proposal.Status.PUBLISHED:
        raise Conflict("This proposal has already been settled.")
    side = "mentee_decision" if user.pk == proposal.mentee_id else "mentor_decision"
    if len(reason) > 500:
        raise InvalidInput("Keep the reason under 500 characters.", errors=[{"field": "reason"}])
    proposal.decided_at = timezone.now()
    if not accept:
        setattr(proposal, side, Decision.DECLINED)
        proposal.status, proposal.declined_by, proposal.decline_reason = (
            Proposal.Status.DECLINED,
            user,
            reason.strip(),
        )
        proposal.save()
        return proposal  # the mentee is back in the pool for the next run
    setattr(proposal, side, Decision.ACCEPTED)
    if proposal.mentee_decision == proposal.mentor_decision == Decision.ACCEPTED:
        proposal.relationship = relationship_start(
            programme=proposal.run.programme,
            mentor=proposal.mentor,
            mentee=proposal.mentee,
            source=Relationship.Source.MATCHING,
        )
        proposal.status = Proposal.Status.ACCEPTED
    proposal.save()
    return proposal


# --- self-match -----------------------------------------------------------------


def _mentee_membership(user: User, programme: Programme) -> Membership:
    membership = Membership.objects.filter(user=user, programme=programme, role=Role.MENTEE).first()
    if membership is None:
        raise Forbidden("Only this programme's mentees can ask for a mentor.")
    if not self_match_enabled(programme):
        raise Forbidden("This programme does not use self-matching.")
    return membership


def _suggested(
    user: User, programme: Programme, limit: int, today: dt.date | None
) -> tuple[engine.Person | None, dict[int, engine.Person], engine.Settings, list[engine.Pair]]:
    """The mentee as the engine sees them, the mentors with room, the
    programme's rules and the mentee's best pairs. The whole pool is loaded
    so that scores (TF-IDF weights included) match those of a matching run."""
    _mentee_membership(user, programme)
    data = inputs.engine_inputs(programme, today=today or timezone.localdate())
    me = next((p for p in data.mentees if p.id == user.pk), None)
    mentors = {m.id: m for m in data.mentors if m.capacity > 0}
    pairs = engine.suggest(me, list(mentors.values()), data.settings, limit) if me else []
    return me, mentors, data.settings, pairs


def suggestions(
    *, user: User, programme: Programme, limit: int = 5, today: dt.date | None = None
) -> list[tuple[engine.Pair, engine.Person, list[engine.Reason]]]:
    """The mentee's best mentors with room, each with its explanation."""
    me, mentors, settings, pairs = _suggested(user, programme, limit, today)
    if me is None:
        return []
    return [
        (pair, mentors[pair.mentor_id], engine.explain(pair, me, mentors[pair.mentor_id], settings))
        for pair in pairs
    ]


@transaction.atomic
def mentor_request_create(
    *,
    user: User,
    programme: Programme,
    mentor_id: int,
    message: str = "",
    today: dt.date | None = None,
) -> MentorRequest:
    _mentee_membership(user, programme)
    require_before_matching(user, programme, "mentee", "ask for a mentor")
    if len(message) > 1000:
        raise InvalidInput(
            "Keep the message under 1,000 characters.", errors=[{"field": "message"}]
        )
    if Relationship.objects.filter(programme=programme, mentee=user, status="active").exists():
        raise Conflict("You already have a mentor in this programme.")
    if MentorRequest.objects.filter(programme=programme, mentee=user, status="pending").exists():
        raise Conflict(
            "You can ask one mentor at a time; wait for an answer or withdraw your request."
        )
    me, mentors, settings, pairs = _suggested(user, programme, 50, today)
    pair = next((p for p in pairs if p.mentor_id == mentor_id), None)
    if me is None or pair is None:
        raise InvalidInput("This mentor is not available to you: choose one of your suggestions.")
    request = MentorRequest.objects.create(
        programme=programme,
        mentee=user,
        mentor_id=mentor_id,
        message=message.strip(),
        score=pair.score,
        reasons=reasons_json(engine.explain(pair, me, mentors[mentor_id], settings, to="mentor")),
        expires_at=timezone.now() + dt.timedelta(days=MentorRequest.EXPIRE_AFTER_DAYS),
    )
    _schedule_follow_ups(request)
    return request


def _schedule_follow_ups(request: MentorRequest) -> None:
    """A nudge after a week and the expiry after two, as deferred tasks
    (a backend that cannot defer, as in tests, leaves them to be called)."""
    if not can_defer(REMIND):
        return
    nudge_at = request.created_at + dt.timedelta(days=MentorRequest.NUDGE_AFTER_DAYS)
    for moment in (nudge_at, request.expires_at):
        run_later(REMIND, request.pk, at=moment)


REMIND = "kindred.matching.tasks.remind_mentor_request"


@transaction.atomic
def mentor_request_respond(
    *, user: User, request_id: int, accept: bool, reason: str = ""
) -> MentorRequest:
    request = (
        MentorRequest.objects.select_for_update()
        .select_related("programme", "mentee", "mentor")
        .filter(pk=request_id, mentor=user)
        .first()
    )
    if request is None:
        raise NotFound("No such request.")
    _expire_if_due(request)
    if request.status != MentorRequest.Status.PENDING:
        raise Conflict(f"This request is {request.get_status_display().lower()}.")
    request.responded_at = timezone.now()
    if accept:
        require_before_matching(user, request.programme, "mentor", "accept a mentee")
        request.relationship = relationship_start(
            programme=request.programme,
            mentor=user,
            mentee=request.mentee,
            source=Relationship.Source.REQUEST,
        )
        request.status = MentorRequest.Status.ACCEPTED
    else:
        request.status, request.decline_reason = MentorRequest.Status.DECLINED, reason.strip()[:500]
    request.save()
    return request


@transaction.atomic
def mentor_request_withdraw(*, user: User, request_id: int) -> MentorRequest:
    request = MentorRequest.objects.select_for_update().filter(pk=request_id, mentee=user).first()
    if request is None:
        raise NotFound("No such request.")
    if request.status != MentorRequest.Status.PENDING:
        raise Conflict("Only a waiting request can be withdrawn.")
    request.status = MentorRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])
    return request


def _expire_if_due(request: MentorRequest) -> bool:
    if request.status == MentorRequest.Status.PENDING and timezone.now() >= request.expires_at:
        request.status = MentorRequest.Status.EXPIRED
        request.save(update_fields=["status"])
        return True
    return False


@transaction.atomic
def mentor_request_follow_up(*, request_id: int) -> str:
    """Nudge the mentor once after a week; expire the request after two.
    Returns what it did, for the task log."""
    request = (
        MentorRequest.objects.select_for_update()
        .select_related("mentor", "mentee", "programme")
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.status != MentorRequest.Status.PENDING:
        return "nothing to do"
    if _expire_if_due(request):
        return "expired"
    if request.nudged_at is None:
        request.nudged_at = timezone.now()
        request.save(update_fields=["nudged_at"])
        return "nudged"
    return "nothing to do"
