"""The manager's review of a run: pin, remove and swap pairs, and publish."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.circles.services import circles_form
from kindred.lib import cache, logs
from kindred.lib.errors import Conflict, InvalidInput
from kindred.lib.jobs import run_later
from kindred.matching.messages import ProposalWithdrawn
from kindred.matching.models import Exclusion, MatchRun, Proposal
from kindred.matching.optimality import run_statement
from kindred.matching.results import proposal_row
from kindred.matching.review import swap_pairs
from kindred.matching.selectors import open_proposals_elsewhere
from kindred.matching.services.runs import run_start
from kindred.notifications.services import notify
from kindred.programs.models import Programme
from kindred.programs.policies import require_programme_manager


@logs.logged
@transaction.atomic
def proposal_set_pinned(*, actor: User, proposal: Proposal, pinned: bool) -> Proposal:
    _draft_again(actor, proposal.run)
    proposal.pinned = pinned
    proposal.save(update_fields=["pinned"])
    return proposal


@logs.logged
@transaction.atomic
def proposal_remove(*, actor: User, proposal: Proposal, reason: str = "") -> None:
    """Take the pair out and never propose it again in this programme."""
    run = _draft_again(actor, proposal.run)
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


@logs.logged
@transaction.atomic
def proposals_swap(
    *, actor: User, first: Proposal, second: Proposal, today: dt.date | None = None
) -> list[str]:
    """Exchange the two mentees' mentors, re-scoring and re-explaining both.
    Returns a warning for each new pair that breaks a hard rule (the
    manager may still want it, so it is kept)."""
    if first.run_id != second.run_id or first.pk == second.pk:
        raise InvalidInput(_("Choose two different pairs from the same run."))
    _draft_again(actor, first.run)
    swapped = swap_pairs(first, second, today or timezone.localdate())
    pairs, people = swapped.pairs, swapped.people
    warnings = [
        _(
            "%(mentee)s and %(mentor)s break a matching rule (language, shared hours, "
            "reporting line or an earlier pairing)."
        )
        % {"mentee": people[pair.mentee_id].name, "mentor": people[pair.mentor_id].name}
        for pair in pairs
        if not pair.feasible
    ]
    for proposal, pair in zip((first, second), pairs, strict=True):
        fresh = proposal_row(proposal.run, pair, people, swapped.settings)
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
        proposal.breaks_rule = not pair.feasible
        proposal.save()
    return warnings


@logs.logged
@transaction.atomic
def run_publish(
    *, actor: User, run: MatchRun, supersede: bool = False, accept_gap: bool = False
) -> MatchRun:
    """Publish a run's proposals. A programme has at most one published run
    whose proposals wait for answers: publishing another is refused, unless
    the manager says it supersedes the first, whose open proposals are then
    withdrawn and the people concerned told once. A run not proven optimal
    is published only when the manager accepts its gap."""
    run = _draft_again(actor, run)
    if not run.certified and not accept_gap:
        raise Conflict(
            _("%(run)s To publish it as it is, confirm that you accept the gap.")
            % {"run": run_statement(run)}
        )
    # One publication per programme at a time: the second waits here and
    # then sees the first's open proposals.
    list(Programme.objects.select_for_update().filter(pk=run.programme_id))
    waiting = open_proposals_elsewhere(run)
    if waiting.exists() and not supersede:
        earlier = waiting.values_list("run_id", flat=True).first()
        raise Conflict(
            _(
                "Run #%(earlier)s is published and %(count)s of its proposals still "
                "wait for answers. Publish this run in its place (their proposals are "
                "withdrawn and the people concerned told), or wait for the answers."
            )
            % {"earlier": earlier, "count": waiting.count()}
        )
    _withdraw(list(waiting.select_related("run__programme")))
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    if run.programme.is_circles:
        _form_circles(actor, run)
        return run
    run.proposals.update(status=Proposal.Status.PUBLISHED)
    # A bulk update sends no signal: the people's homes learn of it here.
    cache.invalidate(
        person for pair in run.proposals.values_list("mentor_id", "mentee_id") for person in pair
    )
    run_id = run.pk
    run_later("kindred.matching.tasks.notify_proposals_published", run_id)
    return run


def _form_circles(actor: User, run: MatchRun) -> None:
    """A circles run's publication forms its circles at once (the manager
    has reviewed them); everyone in one is told by the circles app."""
    groups: dict[int, list[int]] = {}
    for mentee, mentor in run.proposals.order_by("id").values_list("mentee_id", "mentor_id"):
        groups.setdefault(mentor, []).append(mentee)
    circles_form(actor=actor, programme=run.programme, groups=list(groups.items()), run_id=run.pk)
    run.proposals.update(status=Proposal.Status.FORMED)


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


def _draft_again(actor: User, run: MatchRun) -> MatchRun:
    """The run, fresh and locked, if the actor manages its programme and it
    can still be changed."""
    run = MatchRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    require_programme_manager(actor, run.programme, gettext_noop("review its matching"))
    if run.status != MatchRun.Status.DONE:
        raise Conflict(_("This run has not finished."))
    if run.published_at is not None:
        raise Conflict(_("This run is published; start a new run to change it."))
    return run


@logs.logged
@transaction.atomic
def run_rerun(*, actor: User, run: MatchRun) -> MatchRun:
    """A new run that keeps the pairs pinned in this one."""
    run = _draft_again(actor, run)
    pins = list(run.proposals.filter(pinned=True).values_list("mentee_id", "mentor_id"))
    return run_start(actor=actor, programme=run.programme, pins=pins)
