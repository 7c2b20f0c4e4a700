from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_POST

from kindred.accounts.models import User
from kindred.development.models import Requirement
from kindred.development.requirements import missing
from kindred.engines.matching import COMPONENTS
from kindred.lib.confirm import Question, asked_first, question
from kindred.lib.errors import DomainError, InvalidInput
from kindred.lib.forms import add_domain_error
from kindred.lib.http import authenticated_user, is_htmx, posted
from kindred.matching import selectors, services
from kindred.matching.forms import DecisionForm, MatchingSettingsForm, RequestForm, SwapForm
from kindred.matching.models import MatchingSettings, MatchRun, Proposal
from kindred.matching.optimality import run_statement
from kindred.matching.suggestions import mentor_suggestions
from kindred.messaging.selectors import unread_by_relationship
from kindred.profiles.embeddings import text_method_available
from kindred.programs.selectors import programme_for_manager, programme_for_viewer
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import relationship_for_pair

PROPOSALS_SHOWN = 500


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_manager(authenticated_user(request), slug)
    config, _ = MatchingSettings.objects.get_or_create(programme=programme)
    form = MatchingSettingsForm(posted(request), instance=config)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved the matching settings. They apply to the next run.")
        return redirect("matching:manage", slug=slug)
    return render(
        request,
        "matching/manage.html",
        {
            "programme": programme,
            "form": form,
            "runs": selectors.runs_of(programme)[:20],
            "text_method": text_method_available(),
        },
    )


@login_required
@require_POST
def run_start(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = programme_for_manager(user, slug)
    run = services.run_start(actor=user, programme=programme)
    return redirect("matching:run", run_id=run.pk)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for_manager(authenticated_user(request), run_id)
    proposals = list(selectors.proposals_of(run)[:PROPOSALS_SHOWN])
    return render(
        request,
        "matching/run_detail.html",
        {
            "run": run,
            "programme": run.programme,
            "proposals": proposals,
            "components": COMPONENTS,
            "unmatched": _unmatched_with_names(run),
            "editable": run.status == MatchRun.Status.DONE and run.published_at is None,
            "superseded": selectors.open_proposals_elsewhere(run).count(),
            "unproven": run_statement(run),
        },
    )


def _unmatched_with_names(run: MatchRun) -> list[dict[str, object]]:
    """The run's unmatched mentees with their names, in one query."""
    ids = [u["mentee"] for u in run.unmatched]
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    return [{**u, "name": names.get(u["mentee"], "someone who left")} for u in run.unmatched]


@login_required
def run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for_manager(authenticated_user(request), run_id)
    response = render(request, "matching/run_detail.html#status", {"run": run})
    if run.is_finished and is_htmx(request):
        response["HX-Refresh"] = "true"  # reload once to show the results
    return response


def _manager_action(request: HttpRequest, proposal_id: int, action: str) -> HttpResponse:
    user = authenticated_user(request)
    proposal = selectors.proposal_for_manager(user, proposal_id)
    try:
        if action == "pin":
            services.proposal_set_pinned(actor=user, proposal=proposal, pinned=not proposal.pinned)
        elif action == "remove":
            services.proposal_remove(
                actor=user, proposal=proposal, reason=request.POST.get("reason", "")
            )
            messages.success(request, "Removed the pair; it will not be proposed again.")
        elif action == "swap":
            form = SwapForm(request.POST)
            if not form.is_valid():
                raise InvalidInput("Choose the two pairs to swap.")
            first = selectors.proposal_for_manager(
                user, form.cleaned_data.get("first") or proposal.pk
            )
            other = selectors.proposal_for_manager(user, form.cleaned_data["other"])
            warnings = services.proposals_swap(actor=user, first=first, second=other)
            messages.success(request, "Swapped the mentors and pinned both pairs.")
            for warning in warnings:
                messages.warning(request, warning)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("matching:run", run_id=proposal.run_id)


@login_required
@require_POST
def proposal_pin(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _manager_action(request, proposal_id, "pin")


@question("remove-proposal")
def remove_question(proposal: Proposal, choice: str) -> Question:
    pair = f"{proposal.mentor.display_name} and {proposal.mentee.display_name}"
    return Question(
        f"Remove the pair {pair}?",
        "They will never be proposed to each other again in this programme; "
        f"{proposal.mentee.display_name} goes back to the unmatched list of this run.",
        "Remove the pair",
    )


@question("publish-run")
def publish_question(run: MatchRun, choice: str) -> Question:
    proposals = run.proposals.count()
    people = proposals * 2
    return Question(
        f"Publish {proposals} proposal{pluralize(proposals)}?",
        f"{people} people will be e-mailed that a match is proposed to them. A published "
        "proposal is not taken back silently: withdrawing it e-mails both people again.",
        f"Publish and e-mail {people} people",
    )


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return selectors.proposal_for_manager(authenticated_user(request), proposal_id)


def _run(request: HttpRequest, run_id: int) -> MatchRun:
    return selectors.run_for_manager(authenticated_user(request), run_id)


@login_required
@require_POST
@asked_first("remove-proposal", load=_proposal)
def proposal_remove(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _manager_action(request, proposal_id, "remove")


@login_required
@require_POST
def proposal_swap(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _manager_action(request, proposal_id, "swap")


@login_required
@require_POST
def run_rerun(request: HttpRequest, run_id: int) -> HttpResponse:
    user = authenticated_user(request)
    run = services.run_rerun(actor=user, run=selectors.run_for_manager(user, run_id))
    return redirect("matching:run", run_id=run.pk)


@login_required
@require_POST
@asked_first("publish-run", load=_run)
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    user = authenticated_user(request)
    run = services.run_publish(
        actor=user,
        run=selectors.run_for_manager(user, run_id),
        supersede=request.POST.get("supersede") == "1",
        accept_gap=request.POST.get("accept_gap") == "1",
    )
    messages.success(
        request, f"Published {run.proposals.count()} proposals; everyone is told by e-mail."
    )
    return redirect("matching:run", run_id=run.pk)


# --- participants ---------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    self_match = selectors.self_match_programmes(user)
    return render(
        request,
        "matching/mine.html",
        {
            "proposals": selectors.proposals_for_participant(user),
            "sent": selectors.requests_sent(user),
            "received": selectors.requests_received(user),
            "relationships": Relationship.objects.filter(
                Q(mentee=user) | Q(mentor=user), status=Relationship.Status.ACTIVE
            ).select_related("mentor", "mentee", "programme"),
            "unread": unread_by_relationship(user),
            "self_match": self_match,
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user = authenticated_user(request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Choose accept or decline.")
    accept = form.cleaned_data["decision"] == "accept"
    proposal = services.proposal_decide(
        actor=user, proposal_id=proposal_id, accept=accept, reason=form.cleaned_data["reason"]
    )
    if proposal.relationship_id:
        messages.success(request, "You both accepted: your mentoring relationship has started.")
    elif accept:
        messages.success(request, "Accepted. We'll let you know when your partner answers.")
    else:
        messages.success(request, "Declined. Thank you for saying so; you'll get another proposal.")
    return redirect("matching:mine")


@login_required
def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = programme_for_viewer(user, slug)
    form = RequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_request_create(
                actor=user,
                programme=programme,
                mentor_id=form.cleaned_data["mentor"],
                message=form.cleaned_data["message"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Request sent. The mentor has two weeks to answer.")
            return redirect("matching:mine")
    return render(
        request,
        "matching/suggestions.html",
        {
            "programme": programme,
            "suggestions": mentor_suggestions(user=user, programme=programme),
            "form": form,
            "modules_missing": missing(user, programme, "mentee", Requirement.BEFORE_MATCHING),
        },
    )


@login_required
@require_POST
def request_respond(request: HttpRequest, request_id: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Choose accept or decline.")
    services.mentor_request_respond(
        actor=authenticated_user(request),
        request_id=request_id,
        accept=form.cleaned_data["decision"] == "accept",
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, "Thank you for answering.")
    return redirect("matching:mine")


@login_required
@require_POST
def request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    services.mentor_request_withdraw(actor=authenticated_user(request), request_id=request_id)
    messages.success(request, "Withdrew your request.")
    return redirect("matching:mine")


@login_required
def similarities(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    return render(
        request,
        "matching/similarities.html",
        {
            "relationship": relationship,
            "found": selectors.pair_similarities(relationship, today=timezone.now().date()),
        },
    )
