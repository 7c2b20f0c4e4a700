from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from kindred.lib.http import authenticated_user
from kindred.matching import selectors, services
from kindred.matching.models import MatchRun, MentorRequest, Proposal
from kindred.matching.optimality import run_statement
from kindred.matching.schemas import (
    DecisionIn,
    MyProposalOut,
    ReasonOut,
    RequestIn,
    RequestOut,
    RunDetailOut,
    RunOut,
    RunProposalOut,
    SuggestionOut,
)
from kindred.matching.suggestions import mentor_suggestions
from kindred.matching.words import reason_text
from kindred.programs.selectors import programme_for_manager, programme_for_viewer

router = Router(tags=["matching"])


def _reason_out(reason: dict[str, object]) -> ReasonOut:
    """A stored reason, said in the caller's language."""
    return ReasonOut(
        component=str(reason["component"]),
        text=reason_text(reason),
        weight=float(reason["weight"]),  # type: ignore[arg-type]
    )


def _run_out(run: MatchRun) -> dict[str, object]:
    return {
        "id": run.pk,
        "programme": run.programme.slug,
        "status": run.status,
        "progress": run.progress,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "published_at": run.published_at,
        "objective": run.objective,
        "bound": run.bound,
        "gap": run.gap,
        "certified": run.certified,
        "stopped": run.stopped,
        "more_matchable": run.more_matchable,
        "possible_improvement": run.possible_improvement,
        "unproven": run_statement(run),
        "text_method": run.text_method,
        "engine_version": run.engine_version,
        "input_hash": run.input_hash,
        "settings": run.settings,
        "unmatched": run.unmatched,
        "audit": run.audit,
    }


@router.get(
    "/programmes/{slug}/match-runs", response=list[RunOut], summary="A programme's matching runs"
)
def run_list(request: HttpRequest, slug: str) -> list[dict[str, object]]:
    programme = programme_for_manager(authenticated_user(request), slug)
    return [_run_out(run) for run in selectors.runs_of(programme).select_related("programme")[:50]]


@router.post(
    "/programmes/{slug}/match-runs", response={202: RunOut}, summary="Start a matching run"
)
def run_create(request: HttpRequest, slug: str) -> Status:
    user = authenticated_user(request)
    run = services.run_start(actor=user, programme=programme_for_manager(user, slug))
    return Status(202, _run_out(run))


@router.get(
    "/match-runs/{id:run_id}",
    response=RunDetailOut,
    summary="A run with its pairs, audit and optimality",
)
def run_detail(request: HttpRequest, run_id: int) -> dict[str, object]:
    run = selectors.run_for_manager(authenticated_user(request), run_id)
    proposals = [
        RunProposalOut(
            id=p.pk,
            mentee_id=p.mentee_id,
            mentee_name=p.mentee.display_name,
            mentor_id=p.mentor_id,
            mentor_name=p.mentor.display_name,
            score=p.score,
            components=p.components,
            pinned=p.pinned,
            status=p.status,
            reasons=[_reason_out(r) for r in p.mentee_reasons],
        )
        for p in selectors.proposals_of(run)
    ]
    return {**_run_out(run), "proposals": proposals}


@router.post(
    "/match-runs/{id:run_id}/publish",
    response=RunOut,
    summary="Publish a run's proposals",
    description=(
        "A programme has at most one published run with proposals waiting for answers: "
        "publishing another answers 409 unless `supersede=true`, which withdraws the "
        "earlier run's open proposals and tells the people concerned. A run not proven "
        "optimal (`certified` false) answers 409 with its `unproven` statement unless "
        "`accept_gap=true`."
    ),
)
def run_publish(
    request: HttpRequest, run_id: int, supersede: bool = False, accept_gap: bool = False
) -> dict[str, object]:
    user = authenticated_user(request)
    run = services.run_publish(
        actor=user,
        run=selectors.run_for_manager(user, run_id),
        supersede=supersede,
        accept_gap=accept_gap,
    )
    return _run_out(run)


def _my_proposal(user_id: int, p: Proposal) -> MyProposalOut:
    as_mentee = p.mentee_id == user_id
    partner = p.mentor if as_mentee else p.mentee
    return MyProposalOut(
        id=p.pk,
        programme=p.run.programme.slug,
        role="mentee" if as_mentee else "mentor",
        partner_id=partner.pk,
        partner_name=partner.display_name,
        score=p.score,
        status=p.status,
        my_decision=p.mentee_decision if as_mentee else p.mentor_decision,
        reasons=[_reason_out(r) for r in (p.mentee_reasons if as_mentee else p.mentor_reasons)],
    )


@router.get("/me/proposals", response=list[MyProposalOut], summary="Your own proposed matches")
def my_proposals(request: HttpRequest) -> list[MyProposalOut]:
    user = authenticated_user(request)
    return [_my_proposal(user.pk, p) for p in selectors.proposals_for_participant(user)]


@router.post(
    "/proposals/{id:proposal_id}/decision", response=MyProposalOut, summary="Accept or decline"
)
def proposal_decision(request: HttpRequest, proposal_id: int, payload: DecisionIn) -> MyProposalOut:
    user = authenticated_user(request)
    proposal = services.proposal_decide(
        actor=user, proposal_id=proposal_id, accept=payload.accept, reason=payload.reason
    )
    return _my_proposal(user.pk, proposal)


@router.get(
    "/programmes/{slug}/suggestions", response=list[SuggestionOut], summary="Your suggested mentors"
)
def suggestion_list(request: HttpRequest, slug: str) -> list[SuggestionOut]:
    user = authenticated_user(request)
    programme = programme_for_viewer(user, slug)
    return [
        SuggestionOut(
            mentor_id=mentor.id,
            mentor_name=mentor.name,
            score=pair.score,
            reasons=[
                ReasonOut(component=r.component, text=reason_text(r), weight=r.contribution)
                for r in reasons
            ],
        )
        for pair, mentor, reasons in mentor_suggestions(user=user, programme=programme)
    ]


def _request_out(r: MentorRequest) -> RequestOut:
    return RequestOut(
        id=r.pk,
        programme=r.programme.slug,
        mentee_id=r.mentee_id,
        mentor_id=r.mentor_id,
        status=r.status,
        created_at=r.created_at,
        expires_at=r.expires_at,
    )


@router.post(
    "/programmes/{slug}/requests", response={201: RequestOut}, summary="Ask a mentor (self-match)"
)
def request_create(request: HttpRequest, slug: str, payload: RequestIn) -> Status:
    user = authenticated_user(request)
    made = services.mentor_request_create(
        actor=user,
        programme=programme_for_viewer(user, slug),
        mentor_id=payload.mentor_id,
        message=payload.message,
    )
    return Status(201, _request_out(made))


@router.post(
    "/requests/{id:request_id}/decision", response=RequestOut, summary="A mentor answers a request"
)
def request_decision(request: HttpRequest, request_id: int, payload: DecisionIn) -> RequestOut:
    answered = services.mentor_request_respond(
        actor=authenticated_user(request),
        request_id=request_id,
        accept=payload.accept,
        reason=payload.reason,
    )
    return _request_out(answered)
