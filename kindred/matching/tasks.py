"""Background work for matching, run by `manage.py db_worker`."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task


@task()
def run_matching(run_id: int) -> str:
    from kindred.matching.services import run_execute

    run = run_execute(run_id)
    return f"{run.proposals.count()} pairs, gap {run.gap}"


@task()
def notify_proposals_published(run_id: int) -> int:
    """Queue a message to each person in a published run about their proposal."""
    from kindred.matching.models import Proposal
    from kindred.notifications.services import notify

    link = settings.KINDRED_BASE_URL + reverse("matching:mine")
    proposals = Proposal.objects.filter(run_id=run_id).select_related(
        "mentee", "mentor", "run__programme"
    )
    queued = 0
    for proposal in proposals:
        for person, partner in (
            (proposal.mentee, proposal.mentor),
            (proposal.mentor, proposal.mentee),
        ):
            context = {"person": person, "partner": partner, "proposal": proposal, "link": link}
            notify(
                recipient=person,
                kind="proposal",
                subject=f"Your proposed mentoring match in {proposal.run.programme.name}",
                body=render_to_string("matching/email/proposal.txt", context),
                key=f"proposal:{proposal.pk}:{person.pk}",
            )
            queued += 1
    return queued


@task()
def remind_mentor_request(request_id: int) -> str:
    """Scheduled at a request's creation: a nudge after a week, expiry after two."""
    from kindred.matching.models import MentorRequest
    from kindred.matching.services import mentor_request_follow_up
    from kindred.notifications.services import notify

    outcome = mentor_request_follow_up(request_id=request_id)
    request = MentorRequest.objects.select_related("mentor", "mentee", "programme").get(
        pk=request_id
    )
    if outcome in ("nudged", "expired"):
        notify(
            recipient=request.mentor if outcome == "nudged" else request.mentee,
            kind=f"request_{outcome}",
            subject=f"Mentoring request in {request.programme.name}",
            body=render_to_string(
                f"matching/email/request_{outcome}.txt",
                {"request": request, "link": settings.KINDRED_BASE_URL + reverse("matching:mine")},
            ),
            key=f"request:{request.pk}:{outcome}",
        )
    return outcome
