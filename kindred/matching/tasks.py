"""Background work for matching, run by `manage.py db_worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
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
    """Tell each person in a published run about their proposal."""
    from kindred.matching.models import Proposal

    link = settings.KINDRED_BASE_URL + reverse("matching:mine")
    proposals = Proposal.objects.filter(run_id=run_id).select_related(
        "mentee", "mentor", "run__programme"
    )
    sent = 0
    for proposal in proposals:
        for person, partner in (
            (proposal.mentee, proposal.mentor),
            (proposal.mentor, proposal.mentee),
        ):
            context = {"person": person, "partner": partner, "proposal": proposal, "link": link}
            send_mail(
                subject=f"Your proposed mentoring match in {proposal.run.programme.name}",
                message=render_to_string("matching/email/proposal.txt", context),
                from_email=None,
                recipient_list=[person.email],
            )
            sent += 1
    return sent


@task()
def remind_mentor_request(request_id: int) -> str:
    """Scheduled at a request's creation: a nudge after a week, expiry after two."""
    from kindred.matching.models import MentorRequest
    from kindred.matching.services import mentor_request_follow_up

    outcome = mentor_request_follow_up(request_id=request_id)
    request = MentorRequest.objects.select_related("mentor", "mentee", "programme").get(
        pk=request_id
    )
    if outcome in ("nudged", "expired"):
        recipient = request.mentor if outcome == "nudged" else request.mentee
        send_mail(
            subject=f"Mentoring request in {request.programme.name}",
            message=render_to_string(
                f"matching/email/request_{outcome}.txt",
                {"request": request, "link": settings.KINDRED_BASE_URL + reverse("matching:mine")},
            ),
            from_email=None,
            recipient_list=[recipient.email],
        )
    return outcome
