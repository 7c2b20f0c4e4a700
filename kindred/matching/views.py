from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kindred.accounts.models import User
from kindred.development.models import Requirement
from kindred.development.requirements import missing
from kindred.lib.confirm import Question, asked_first, question
from kindred.lib.errors import DomainError, InvalidInput
from kindred.lib.forms import add_domain_error
from kindred.lib.http import authenticated_user, is_htmx, posted
from kindred.matching import review, selectors, services
from kindred.matching.forms import (
    DecisionForm,
    MatchingSettingsForm,
    RequestForm,
    ReviewForm,
    SwapForm,
)
from kindred.matching.models import MatchingSettings, MatchRun, Proposal
from kindred.matching.optimality import run_statement
from kindred.matching.suggestions import mentor_suggestions
from kindred.matching.words import join_words, prompts
from kindred.messaging.selectors import unread_by_relationship
from kindred.profiles.embeddings import text_method_available
from kindred.programs.models import Membership
from kindred.programs.selectors import programme_for_manager, programme_for_viewer
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import relationship_for_pair


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for_manager(authenticated_user(request), slug)
    config, _created = MatchingSettings.objects.get_or_create(programme=programme)
    config.programme = programme  # the form words the level rule by its format
    form = MatchingSettingsForm(posted(request), instance=config)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved the matching settings. They apply to the next run."))
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
    """A run's review: what it found in words, its fairness, and its pairs a
    page at a time (HTMX swaps the list alone as the manager searches)."""
    run = selectors.run_for_manager(authenticated_user(request), run_id)
    form = ReviewForm(request.GET)
    criteria = form.criteria()
    page = Paginator(review.proposals_matching(run, criteria), review.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "run": run,
        "programme": run.programme,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "pair_count": run.proposals.count(),
        "editable": run.status == MatchRun.Status.DONE and run.published_at is None,
    }
    if is_htmx(request) and request.headers.get("HX-Target") == "proposals":
        return render(request, "matching/run_detail.html#proposals", context)
    return render(
        request,
        "matching/run_detail.html",
        {
            **context,
            "unmatched": _unmatched_with_names(run),
            "superseded": selectors.open_proposals_elsewhere(run).count(),
            "unproven": run_statement(run),
            "findings": review.fairness_findings(run.audit),
            "circles": review.circles_of_run(run) if run.programme.is_circles else [],
        },
    )


def _unmatched_with_names(run: MatchRun) -> list[dict[str, object]]:
    """The run's unmatched mentees with their names, in one query."""
    ids = [u["mentee"] for u in run.unmatched]
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    return [{**u, "name": names.get(u["mentee"], _("someone who left"))} for u in run.unmatched]


@login_required
def run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for_manager(authenticated_user(request), run_id)
    response = render(request, "matching/run_detail.html#status", {"run": run})
    if run.is_finished and is_htmx(request):
        response["HX-Refresh"] = "true"  # reload once to show the results
    return response


def _back_to_run(request: HttpRequest, run_id: int, proposal_id: int | None = None) -> HttpResponse:
    """The review as the manager left it (the page and filters they were on,
    posted as `back`), at the row they acted on: never back at the top."""
    back = QueryDict(request.POST.get("back", "")).urlencode()
    url = reverse("matching:run", args=[run_id]) + (f"?{back}" if back else "")
    return redirect(url + (f"#proposal-{proposal_id}" if proposal_id else ""))


def _row(request: HttpRequest, proposal: Proposal, said: str) -> HttpResponse:
    """One proposal's row, for HTMX to put in place of the old one."""
    context = {"p": proposal, "editable": True, "said": said, "back": request.POST.get("back", "")}
    return render(request, "matching/_proposal_row.html", context)


@login_required
@require_POST
def proposal_pin(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user = authenticated_user(request)
    proposal = selectors.proposal_for_manager(user, proposal_id)
    services.proposal_set_pinned(actor=user, proposal=proposal, pinned=not proposal.pinned)
    names = {"mentee": proposal.mentee.display_name, "mentor": proposal.mentor.display_name}
    said = (
        _("Pinned %(mentee)s and %(mentor)s: a re-run keeps them.") % names
        if proposal.pinned
        else _("Unpinned %(mentee)s and %(mentor)s.") % names
    )
    if is_htmx(request):
        return _row(request, proposal, said)
    messages.success(request, said)
    return _back_to_run(request, proposal.run_id, proposal.pk)


@question("remove-proposal")
def remove_question(proposal: Proposal, choice: str) -> Question:
    pair = f"{proposal.mentor.display_name} and {proposal.mentee.display_name}"
    return Question(
        _("Remove the pair %(pair)s?") % {"pair": pair},
        _(
            "They will never be proposed to each other again in this programme; "
            "%(display_name)s goes back to the unmatched list of this run."
        )
        % {"display_name": proposal.mentee.display_name},
        _("Remove the pair"),
    )


@question("publish-run")
def publish_question(run: MatchRun, choice: str) -> Question:
    proposals = run.proposals.count()
    if run.programme.is_circles:
        circles = len(set(run.proposals.values_list("mentor_id", flat=True)))
        people = proposals + circles
        return Question(
            ngettext("Form %(circles)s circle?", "Form %(circles)s circles?", circles)
            % {"circles": circles},
            _(
                "The %(people)s people in them will be e-mailed that they are in a "
                "circle, and can start meeting at once. A member can leave a circle; "
                "ending one is yours."
            )
            % {"people": people},
            _("Form the circles and e-mail %(people)s people") % {"people": people},
        )
    people = proposals * 2
    return Question(
        ngettext("Publish %(proposals)s proposal?", "Publish %(proposals)s proposals?", proposals)
        % {"proposals": proposals},
        _(
            "%(people)s people will be e-mailed that a match is proposed to them. "
            "A published proposal is not taken back silently: withdrawing it "
            "e-mails both people again."
        )
        % {"people": people},
        _("Publish and e-mail %(people)s people") % {"people": people},
    )


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return selectors.proposal_for_manager(authenticated_user(request), proposal_id)


def _run(request: HttpRequest, run_id: int) -> MatchRun:
    return selectors.run_for_manager(authenticated_user(request), run_id)


@login_required
@require_POST
@asked_first("remove-proposal", load=_proposal)
def proposal_remove(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user = authenticated_user(request)
    proposal = selectors.proposal_for_manager(user, proposal_id)
    services.proposal_remove(actor=user, proposal=proposal, reason=request.POST.get("reason", ""))
    said = _(
        "Removed %(mentee)s and %(mentor)s; they will not be proposed to each other again."
    ) % {"mentee": proposal.mentee.display_name, "mentor": proposal.mentor.display_name}
    if is_htmx(request):
        return render(request, "matching/_removed_row.html", {"pk": proposal_id, "said": said})
    messages.success(request, said)
    return _back_to_run(request, proposal.run_id)


@question("swap-breaks-rule")
def swap_question(proposal: Proposal, other_id: str) -> Question | None:
    """Asked only when the swap would make a pair that breaks a rule."""
    other = selectors.proposal_in_run(proposal.run, other_id)
    breaks = review.swap_breaks(proposal, other, timezone.localdate()) if other else []
    if not breaks:
        return None
    return Question(
        _("Make a pair that breaks a matching rule?"),
        _(
            "%(breaks)s would break a rule (language, shared hours, reporting line "
            "or an earlier pairing). You can still make the swap; it is flagged on "
            "the review."
        )
        % {"breaks": join_words(breaks)},
        _("Swap anyway"),
    )


@login_required
@asked_first("swap-breaks-rule", load=_proposal, choice="other")
def proposal_swap(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Swap this pair's mentor with another pair's, found by name (a search,
    not a list of every pair); without script the search is a page."""
    user = authenticated_user(request)
    proposal = selectors.proposal_for_manager(user, proposal_id)
    if request.method == "POST":
        form = SwapForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(_("Choose the pair to swap with."))
        other = selectors.proposal_for_manager(user, form.cleaned_data["other"])
        warnings = services.proposals_swap(actor=user, first=proposal, second=other)
        messages.success(request, _("Swapped the mentors and pinned both pairs."))
        for warning in warnings:
            messages.warning(request, warning)
        return _back_to_run(request, proposal.run_id, proposal.pk)
    q = request.GET.get("q", "")[:100]
    context = {
        "p": proposal,
        "q": q,
        "candidates": review.swap_candidates(proposal, q),
        "back": request.GET.get("back", ""),
    }
    if is_htmx(request):
        return render(request, "matching/swap.html#candidates", context)
    return render(request, "matching/swap.html", context)


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
    count = run.proposals.count()
    messages.success(
        request,
        ngettext(
            "Published %(count)s proposal; everyone is told by e-mail.",
            "Published %(count)s proposals; everyone is told by e-mail.",
            count,
        )
        % {"count": count},
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
        raise InvalidInput(_("Choose accept or decline."))
    accept = form.cleaned_data["decision"] == "accept"
    proposal = services.proposal_decide(
        actor=user, proposal_id=proposal_id, accept=accept, reason=form.cleaned_data["reason"]
    )
    if proposal.relationship_id:
        messages.success(request, _("You both accepted: your mentoring relationship has started."))
    elif accept:
        messages.success(request, _("Accepted. We'll let you know when your partner answers."))
    else:
        messages.success(
            request, _("Declined. Thank you for saying so; you'll get another proposal.")
        )
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
            messages.success(request, _("Request sent. The mentor has two weeks to answer."))
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
def mentor_directory(request: HttpRequest, slug: str) -> HttpResponse:
    """Mentors with room, browsed by what they value and offer (never by
    demographics), where mentees may ask a mentor themselves."""
    user = authenticated_user(request)
    programme = programme_for_viewer(user, slug)
    q = request.GET.get("q", "")[:100]
    open_to_requests = selectors.self_match_enabled(programme)
    found = (
        selectors.mentor_directory(programme, q) if open_to_requests else Membership.objects.none()
    )
    page = Paginator(found, 24).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "q": q,
        "query": urlencode({"q": q}) if q else "",
        "page": page,
        "entries": [selectors.directory_entry(m) for m in page],
        "open_to_requests": open_to_requests,
        "can_request": programme in selectors.self_match_programmes(user),
    }
    if is_htmx(request):
        return render(request, "matching/directory.html#entries", context)
    return render(request, "matching/directory.html", context)


@login_required
@require_POST
def request_respond(request: HttpRequest, request_id: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose accept or decline."))
    services.mentor_request_respond(
        actor=authenticated_user(request),
        request_id=request_id,
        accept=form.cleaned_data["decision"] == "accept",
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Thank you for answering."))
    return redirect("matching:mine")


@login_required
@require_POST
def request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    services.mentor_request_withdraw(actor=authenticated_user(request), request_id=request_id)
    messages.success(request, _("Withdrew your request."))
    return redirect("matching:mine")


@login_required
def similarities(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    found = selectors.pair_similarities(relationship, today=timezone.now().date())
    firsts = [
        (p.display_name.split() or [""])[0] for p in (relationship.mentee, relationship.mentor)
    ]
    context = {"relationship": relationship, "found": found, "prompts": prompts(found, *firsts)}
    return render(request, "matching/similarities.html", context)
