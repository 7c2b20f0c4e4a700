"""Background work for matching, run by `manage.py db_worker`."""

from __future__ import annotations

from kindred.lib.jobs import task


@task()
def run_matching(run_id: int) -> str:
    from kindred.matching.services import run_execute

    run = run_execute(run_id)
    return f"{run.proposals.count()} pairs, gap {run.gap}"


@task()
def notify_proposals_published(run_id: int) -> int:
    """Queue a message to each person in a published run about their proposal."""
    from kindred.matching.messages import ProposalPublished
    from kindred.matching.models import Proposal
    from kindred.notifications.services import notify

    proposals = Proposal.objects.filter(run_id=run_id).select_related(
        "mentee", "mentor", "run__programme"
    )
    queued = 0
    for proposal in proposals:
        for person, partner in (
            (proposal.mentee, proposal.mentor),
            (proposal.mentor, proposal.mentee),
        ):
            notify(
                recipient=person,
                message=ProposalPublished(
                    proposal=proposal.pk, person=person.pk, partner=partner.pk
                ),
                key=f"proposal:{proposal.pk}:{person.pk}",
            )
            queued += 1
    return queued


@task()
def remind_mentor_request(request_id: int) -> str:
    """Scheduled at a request's creation: a nudge after a week, expiry after two."""
    from kindred.matching.messages import RequestExpired, RequestNudged
    from kindred.matching.models import MentorRequest
    from kindred.matching.services import mentor_request_follow_up
    from kindred.notifications.services import notify

    outcome = mentor_request_follow_up(request_id=request_id)
    request = MentorRequest.objects.select_related("mentor", "mentee").get(pk=request_id)
    if outcome in ("nudged", "expired"):
        news = RequestNudged if outcome == "nudged" else RequestExpired
        notify(
            recipient=request.mentor if outcome == "nudged" else request.mentee,
            message=news(request=request.pk, mentor=request.mentor_id, mentee=request.mentee_id),
            key=f"request:{request.pk}:{outcome}",
        )
    return outcome
