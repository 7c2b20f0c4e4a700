"""The home's next steps: what each person should do now, from every app,
most urgent first; for managers per programme they run, and only those."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from kindred.commitments.services import commitment_add
from kindred.conftest import World, client_for, enrol, give_intake, make_meeting
from kindred.health.models import HealthSnapshot
from kindred.matching.models import MatchRun, Proposal
from kindred.messaging.services import message_send
from kindred.programs.models import ProgrammeStatus
from kindred.relationships.models import Relationship
from kindred.safety.models import ConcernReport

UTC = dt.UTC


def steps(html: str) -> list[str]:
    """The titles of the next steps, in the order shown."""
    return [
        re.sub(r"\s+", " ", t).strip()
        for t in re.findall(r'class="step-title"[^>]*>([^<]+)<', html)
    ]


def next_steps_html(person) -> str:
    page = client_for(person).get("/").content.decode()
    return page.split('id="next-heading"')[1].split("</section>")[0]


def home(person) -> list[str]:
    return steps(client_for(person).get("/").content.decode())


def test_a_meeting_to_confirm_comes_first_and_the_next_one_in_both_zones(
    world: World, pair: Relationship
) -> None:
    soon = dt.datetime.now(UTC) + dt.timedelta(days=2)
    proposed = make_meeting(pair, soon, proposed_by=world.partner)
    agreed = make_meeting(pair, soon + dt.timedelta(days=7), status="confirmed")
    message_send(actor=world.partner, relationship=pair, body="See you then")
    page = client_for(world.owner).get("/").content.decode()
    found = steps(page)
    assert found[0].startswith("Confirm or move the meeting with Pat Partner")
    assert any(s.startswith("Your next meeting with Pat Partner") for s in found)
    assert "1 unread message from Pat Partner" in found
    assert f"/meetings/{agreed.pk}/invite.ics" in page and "(Europe/London)" in page
    assert f"/meetings/{proposed.pk}/invite.ics" in page
    # The partner proposed it: theirs is only the next meeting.
    assert not any(s.startswith("Confirm") for s in home(world.partner))


def test_answers_surveys_check_ins_and_promises_due(world: World, pair: Relationship) -> None:
    Relationship.objects.filter(pk=pair.pk).update(
        started_at=timezone.now() - dt.timedelta(days=31)
    )
    make_meeting(pair, dt.datetime.now(UTC) - dt.timedelta(days=2), status="held")
    commitment_add(
        actor=world.owner, relationship=pair, text="Draft my goals", owner_id=world.owner.pk,
        due_date=dt.date.today() + dt.timedelta(days=2),
    )  # fmt: skip
    found = home(world.owner)
    assert "Two minutes: how is your mentoring with Pat Partner going?" in found
    assert "A private check-in about your last meeting" in found
    page = client_for(world.owner).get("/").content.decode()
    assert "With Pat Partner, " in page  # which relationship, for someone in two
    assert "Follow through: Draft my goals" in found
    assert "Follow through: Draft my goals" not in home(world.partner)  # the owner's promise


def test_a_proposal_to_answer(world: World) -> None:
    run = MatchRun.objects.create(programme=world.programme, status=MatchRun.Status.DONE)
    Proposal.objects.create(
        run=run, mentee=world.owner, mentor=world.partner, score=0.8,
        status=Proposal.Status.PUBLISHED,
    )  # fmt: skip
    assert home(world.owner)[0] == "Say whether you would like to work with Pat Partner"
    assert home(world.partner)[0] == "Say whether you would like to work with Olu Owner"


def test_someone_waiting_is_told_what_happens_next_and_when(world: World) -> None:
    page = client_for(world.participant).get("/").content.decode()
    start = world.programme.start_date
    assert "Alpha Programme: your match is on its way" in page
    assert f"starts on {start:%-d %B %Y}" in page


def test_a_manager_sees_each_programme_they_run_and_no_other(world: World) -> None:
    world.programme.status = ProgrammeStatus.MATCHING
    world.programme.save()
    give_intake(world.owner)
    found = home(world.manager)
    assert "Run matching" in found
    assert any(re.fullmatch(r"\d+ of \d+ have finished the intake", s) for s in found)
    assert "Alpha Programme" in next_steps_html(world.manager)
    assert "Alpha Programme" not in next_steps_html(world.other_manager)


def test_new_concerns_and_pairs_at_risk_for_the_people_who_handle_them(
    world: World, pair: Relationship
) -> None:
    ConcernReport.objects.create(
        programme=world.programme, relationship=pair, reporter=world.owner,
        category="boundaries", text="Late messages",
    )  # fmt: skip
    world.programme.status = ProgrammeStatus.RUNNING
    world.programme.save()
    today = dt.date.today()
    for day, risky in ((today - dt.timedelta(days=7), False), (today, True)):
        HealthSnapshot.objects.create(
            relationship=pair, programme=world.programme, on=day, at_risk=risky, score=30
        )
    found = home(world.manager)
    assert set(found[:2]) == {"1 new concern report", "1 pair newly at risk"}  # both now
    assert "1 new concern report" not in home(world.other_manager)


def test_a_manager_in_a_pair_is_never_told_of_a_concern_about_it(world: World) -> None:
    """Roles overlap: the manager is also the mentee of a pair reported on."""
    enrol(world.manager, world.programme, "mentee")
    from django.db import transaction

    from kindred.relationships.services import relationship_start

    with transaction.atomic():
        theirs = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.manager, source="request"
        )
    ConcernReport.objects.create(
        programme=world.programme, relationship=theirs, reporter=world.partner,
        category="conduct", text="About the manager",
    )  # fmt: skip
    assert "1 new concern report" not in home(world.manager)
    assert "1 new concern report" in home(world.admin)
