"""The access matrix, one layer down: each write service called directly
with every role. The pages and the API are checked by the route matrices;
this shows the rule lives in the service, so a new endpoint that forgets
to check cannot open a write the service already guards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from kindred.commitments import services as commitments
from kindred.conftest import World
from kindred.development import services as development
from kindred.guides import services as guides
from kindred.lib.errors import Forbidden, NotFound
from kindred.matching import services as matching
from kindred.meetings import services as meetings
from kindred.messaging import services as messaging
from kindred.notifications import services as notifications
from kindred.profiles import services as profiles
from kindred.programs import services as programs
from kindred.projects import services as projects
from kindred.projects.teams import pair_team
from kindred.relationships import services as relationships
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import agreement_defaults
from kindred.safety import services as safety
from kindred.safety.models import ConcernReport

ROLES = ("owner", "partner", "participant", "outsider", "manager", "other_manager", "admin")
PAIR = {"owner", "partner"}
MANAGERS = {"manager", "admin"}
SOON = dt.datetime.now(dt.UTC).replace(hour=10, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Write:
    name: str
    call: Callable[[World, Relationship, Any], object]
    allowed: set[str]


def _report(world: World, pair: Relationship) -> ConcernReport:
    return safety.concern_report(
        actor=world.owner,
        relationship=pair,
        category="conduct",
        text="Comments in our sessions made me uncomfortable.",
        wants_contact=False,
    )


def _next_weekday_ten() -> dt.datetime:
    day = SOON + dt.timedelta(days=2)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


WRITES = [
    Write("relationship_change_status", lambda w, p, a: relationships.relationship_change_status(
        actor=a, relationship=p, to="paused"), PAIR | MANAGERS),
    Write("agreement_save_draft", lambda w, p, a: relationships.agreement_save_draft(
        actor=a, relationship=p, terms=agreement_defaults(p)), PAIR),
    Write("objective_add", lambda w, p, a: relationships.objective_add(
        actor=a, relationship=p, title="Lead a retrospective"), PAIR),
    Write("meeting_propose", lambda w, p, a: meetings.meeting_propose(
        actor=a, relationship=p, start=_next_weekday_ten(), minutes=45, zone="Europe/London"),
        PAIR),
    Write("commitment_add", lambda w, p, a: commitments.commitment_add(
        actor=a, relationship=p, text="Draft the plan", owner_id=w.owner.pk,
        due_date=dt.date.today() + dt.timedelta(days=7)), PAIR),
    Write("message_send", lambda w, p, a: messaging.message_send(
        actor=a, relationship=p, body="Hello"), PAIR),
    Write("project_create", lambda w, p, a: projects.project_create(
        actor=a, team=pair_team(p), title="Onboarding guide", purpose="Help new starters"), PAIR),
    Write("concern_report", lambda w, p, a: safety.concern_report(
        actor=a, relationship=p, category="other", text="Something worries me here.",
        wants_contact=False), PAIR),
    Write("case_add_note", lambda w, p, a: safety.case_add_note(
        actor=a, report_id=_report(w, p).pk, text="Called the reporter."), {"manager"}),
    Write("programme_create", lambda w, p, a: programs.programme_create(
        actor=a, data={"name": "Gamma", "start_date": dt.date(2026, 1, 1),
                       "end_date": dt.date(2026, 12, 31)}), {"admin"}),
    Write("programme_update", lambda w, p, a: programs.programme_update(
        actor=a, programme=w.programme, data={"description": "Remote leaders"}), MANAGERS),
    Write("invitation_create", lambda w, p, a: programs.invitation_create(
        actor=a, programme=w.programme, role="mentee"), MANAGERS),
    Write("topic_add", lambda w, p, a: profiles.topic_add(
        actor=a, programme=w.programme, kind="skill", name="Board facilitation"), MANAGERS),
    Write("question_add", lambda w, p, a: guides.question_add(
        actor=a, programme=w.programme, text="What would you try next time?", level=1,
        tags=[]), MANAGERS),
    Write("programme_modules_set", lambda w, p, a: development.programme_modules_set(
        actor=a, programme=w.programme, settings={}), MANAGERS),
    Write("run_start", lambda w, p, a: matching.run_start(
        actor=a, programme=w.programme), MANAGERS),
    Write("membership_change_role", lambda w, p, a: relationships.membership_change_role(
        actor=a, programme=w.programme, role="mentor",
        membership_id=w.programme.memberships.get(user=w.participant).pk), MANAGERS),
    Write("notifications_mark_read", lambda w, p, a: notifications.notifications_mark_read(
        actor=a), set(ROLES)),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_the_service_admits_only_its_roles(
    world: World, pair_with_intakes: Relationship, write: Write, role: str
) -> None:
    actor = world.actors()[role]
    if role in write.allowed:
        with transaction.atomic():
            assert write.call(world, pair_with_intakes, actor) is not None
        return
    with pytest.raises((Forbidden, NotFound)), transaction.atomic():
        write.call(world, pair_with_intakes, actor)


def test_a_manager_in_the_pair_never_handles_a_concern_about_it(
    world: World, pair_with_intakes: Relationship
) -> None:
    """Roles overlap: the mentee also manages the programme. They still act
    as one of the pair, but a concern about the pair goes past them."""
    world.programme.managers.add(world.owner)
    report = _report(world, pair_with_intakes)
    with pytest.raises((Forbidden, NotFound)), transaction.atomic():
        safety.case_add_note(actor=world.owner, report_id=report.pk, text="Mine to see?")
    # The programme's other manager, outside the pair, handles it.
    assert safety.case_add_note(actor=world.manager, report_id=report.pk, text="Taken up.")
    with transaction.atomic():
        assert relationships.relationship_change_status(
            actor=world.owner, relationship=pair_with_intakes, to="paused"
        )
