"""The competence self-assessment a mentor takes before, during and at the
end of mentoring, and when it counts as which."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.development import assessment
from kindred.development.models import SelfAssessment
from kindred.engines.health.surveys import RatingsRefused
from kindred.lib import logs
from kindred.lib.errors import Forbidden, InvalidInput
from kindred.lib.health_words import ratings_refusal
from kindred.practice.selectors import assessment_moment, is_mentor


@logs.logged
@transaction.atomic
def self_assessment_submit(
    *, actor: User, answers: Mapping[str, object], now: dt.datetime | None = None
) -> SelfAssessment:
    if not is_mentor(actor):
        raise Forbidden(_("The competence self-assessment is for mentors."))
    try:
        clean = assessment.validate(answers)
    except RatingsRefused as exc:
        nothing = _("Rate at least one statement.")
        raise InvalidInput(ratings_refusal(exc, nothing_rated=nothing)) from exc
    now = now or timezone.now()
    return SelfAssessment.objects.create(
        person=actor,
        moment=assessment_moment(actor, now=now),
        answers=clean,
        areas=assessment.area_scores(clean),
        submitted_at=now,
    )
