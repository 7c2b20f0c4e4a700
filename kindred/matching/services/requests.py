"""Self-match requests: a mentee asks a mentor, who answers; nudged
after a week and expired after two."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.development.requirements import require_before_matching
from kindred.engines import matching as engine
from kindred.lib import logs
from kindred.lib.errors import Conflict, InvalidInput, NotFound
from kindred.lib.jobs import can_defer, run_later
from kindred.matching.models import MentorRequest
from kindred.matching.results import reasons_json
from kindred.matching.suggestions import mentee_membership, suggested
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start


@logs.logged
@transaction.atomic
def mentor_request_create(
    *,
    actor: User,
    programme: Programme,
    mentor_id: int,
    message: str = "",
    today: dt.date | None = None,
) -> MentorRequest:
    mentee_membership(actor, programme)
    require_before_matching(actor, programme, "mentee", gettext_noop("ask for a mentor"))
    if len(message) > 1000:
        raise InvalidInput(
            _("Keep the message under 1,000 characters."), errors=[{"field": "message"}]
        )
    if Relationship.objects.filter(programme=programme, mentee=actor, status="active").exists():
        raise Conflict(_("You already have a mentor in this programme."))
    if MentorRequest.objects.filter(programme=programme, mentee=actor, status="pending").exists():
        raise Conflict(
            _("You can ask one mentor at a time; wait for an answer or withdraw your request.")
        )
    me, mentors, settings, pairs = suggested(actor, programme, 50, today)
    pair = next((p for p in pairs if p.mentor_id == mentor_id), None)
    if me is None or pair is None:
        raise InvalidInput(
            _("This mentor is not available to you: choose one of your suggestions.")
        )
    request = MentorRequest.objects.create(
        programme=programme,
        mentee=actor,
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


@logs.logged
@transaction.atomic
def mentor_request_respond(
    *, actor: User, request_id: int, accept: bool, reason: str = ""
) -> MentorRequest:
    request = (
        MentorRequest.objects.select_for_update()
        .select_related("programme", "mentee", "mentor")
        .filter(pk=request_id, mentor=actor)
        .first()
    )
    if request is None:
        raise NotFound(_("No such request."))
    _expire_if_due(request)
    if request.status != MentorRequest.Status.PENDING:
        raise Conflict(
            _("This request is %(get_status_display)s.")
            % {"get_status_display": request.get_status_display()}
        )
    request.responded_at = timezone.now()
    if accept:
        require_before_matching(actor, request.programme, "mentor", gettext_noop("accept a mentee"))
        request.relationship = relationship_start(
            programme=request.programme,
            mentor=actor,
            mentee=request.mentee,
            source=Relationship.Source.REQUEST,
        )
        request.status = MentorRequest.Status.ACCEPTED
    else:
        request.status, request.decline_reason = MentorRequest.Status.DECLINED, reason.strip()[:500]
    request.save()
    return request


@logs.logged
@transaction.atomic
def mentor_request_withdraw(*, actor: User, request_id: int) -> MentorRequest:
    request = MentorRequest.objects.select_for_update().filter(pk=request_id, mentee=actor).first()
    if request is None:
        raise NotFound(_("No such request."))
    if request.status != MentorRequest.Status.PENDING:
        raise Conflict(_("Only a waiting request can be withdrawn."))
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
