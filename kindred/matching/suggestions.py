"""Self-match: the mentors a mentee may ask, each with its explanation. Reads."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.engines import matching as engine
from kindred.lib.errors import Forbidden
from kindred.matching import inputs
from kindred.matching.selectors import self_match_enabled
from kindred.programs.models import Membership, Programme, Role


def mentee_membership(user: User, programme: Programme) -> Membership:
    membership = Membership.objects.filter(user=user, programme=programme, role=Role.MENTEE).first()
    if membership is None:
        raise Forbidden(_("Only this programme's mentees can ask for a mentor."))
    if not self_match_enabled(programme):
        raise Forbidden(_("This programme does not use self-matching."))
    return membership


def suggested(
    user: User, programme: Programme, limit: int, today: dt.date | None
) -> tuple[engine.Person | None, dict[int, engine.Person], engine.Settings, list[engine.Pair]]:
    """The mentee as the engine sees them, the mentors with room, the
    programme's rules and the mentee's best pairs. The whole pool is loaded
    so that scores (TF-IDF weights included) match those of a matching run."""
    mentee_membership(user, programme)
    data = inputs.engine_inputs(programme, today=today or timezone.localdate())
    me = next((p for p in data.mentees if p.id == user.pk), None)
    mentors = {m.id: m for m in data.mentors if m.capacity > 0}
    pairs = engine.suggest(me, list(mentors.values()), data.settings, limit) if me else []
    return me, mentors, data.settings, pairs


def mentor_suggestions(
    *, user: User, programme: Programme, limit: int = 5, today: dt.date | None = None
) -> list[tuple[engine.Pair, engine.Person, list[engine.Reason]]]:
    """The mentee's best mentors with room, each with its explanation."""
    me, mentors, settings, pairs = suggested(user, programme, limit, today)
    if me is None:
        return []
    return [
        (pair, mentors[pair.mentor_id], engine.explain(pair, me, mentors[pair.mentor_id], settings))
        for pair in pairs
    ]
