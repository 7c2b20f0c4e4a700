"""The access matrix for overlapping roles (issue 20): a programme manager
who is also a participant, in the pair a page is about or in another pair of
the same programme; an organisation admin appointed to no programme; and a
person who takes part in two programmes. Each row is what that person gets
from a page or endpoint of the pair (the owner and the partner) whose
mentee reported a concern."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction

from kindred.accounts.models import User
from kindred.conftest import World, api_client_for, client_for, enrol, make_user
from kindred.lib.tests.access import Case
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start
from kindred.safety.models import ConcernReport
from kindred.safety.services import concern_report

OVERLAPS = ("manager_in_pair", "manager_in_other_pair", "admin", "two_programmes")


@dataclass
class Overlap:
    pair: Relationship  # mentored by `manager_in_pair`, who also manages the programme
    other_pair: Relationship  # mentored by `manager_in_other_pair`, a manager too
    report: ConcernReport  # the pair's mentee reported it
    slug: str
    people: dict[str, User]


@pytest.fixture
def overlap(world: World) -> Overlap:
    in_pair, in_other = world.manager, make_user("second.manager@test.example", "Sam Second")
    world.programme.managers.add(in_other)
    two = make_user("two@test.example", "Tia Two")
    enrol(two, world.programme, "mentee")
    enrol(two, world.other_programme, "mentor")
    for person, role in ((in_pair, "mentor"), (in_other, "mentor")):
        enrol(person, world.programme, role)
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=in_pair, mentee=world.owner, source="matching"
        )
        other = relationship_start(
            programme=world.programme, mentor=in_other, mentee=two, source="matching"
        )
    report = concern_report(
        actor=world.owner,
        relationship=pair,
        category="conduct",
        text="My mentor repeats what I say to my team.",
        wants_contact=False,
    )
    people = {
        "manager_in_pair": in_pair,
        "manager_in_other_pair": in_other,
        "admin": world.admin,
        "two_programmes": two,
    }
    return Overlap(pair, other, report, world.programme.slug, people)


def rows(**expected: int) -> dict[str, int]:
    assert set(expected) == set(OVERLAPS)
    return expected


CASES = [
    Case(
        "the pair's page",
        "get",
        lambda o: f"/relationships/{o.pair.pk}/",
        rows(manager_in_pair=200, manager_in_other_pair=200, admin=200, two_programmes=404),
    ),
    # A panel alone keeps its own rule: what a commitment says is the pair's,
    # even when a manager of the programme asks; the figures are for managers too.
    Case(
        "the pair's commitments panel",
        "get",
        lambda o: f"/relationships/{o.pair.pk}/panels/commitments/",
        rows(manager_in_pair=200, manager_in_other_pair=404, admin=404, two_programmes=404),
    ),
    Case(
        "the pair's follow-through panel",
        "get",
        lambda o: f"/relationships/{o.pair.pk}/panels/follow-through/",
        rows(manager_in_pair=200, manager_in_other_pair=200, admin=200, two_programmes=404),
    ),
    Case(
        "the case",
        "get",
        lambda o: f"/cases/{o.report.pk}/",
        # Never the accused; the other manager handles it; the admin does not
        # while a manager outside the pair remains.
        rows(manager_in_pair=404, manager_in_other_pair=200, admin=404, two_programmes=404),
    ),
    Case(
        "acting on the case",
        "post",
        lambda o: f"/cases/{o.report.pk}/update/",
        rows(manager_in_pair=404, manager_in_other_pair=302, admin=404, two_programmes=404),
        body=lambda o: {"action": "note", "text": "Spoke to them."},
    ),
    Case(
        "pausing the pair from the case",
        "post",
        lambda o: f"/cases/{o.report.pk}/update/",
        rows(manager_in_pair=404, manager_in_other_pair=302, admin=404, two_programmes=404),
        body=lambda o: {"action": "paused"},
    ),
    Case(
        "the case list",
        "get",
        lambda o: f"/programmes/{o.slug}/cases/",
        # The accused manager reaches the list, without the case about them
        # (test_case_conflicts reads what it shows).
        rows(manager_in_pair=200, manager_in_other_pair=200, admin=200, two_programmes=404),
    ),
    Case(
        "the at-risk list",
        "get",
        lambda o: f"/programmes/{o.slug}/at-risk/",
        rows(manager_in_pair=200, manager_in_other_pair=200, admin=200, two_programmes=404),
    ),
    Case(
        "the other pair's survey",
        "get",
        lambda o: f"/relationships/{o.other_pair.pk}/survey/",
        rows(manager_in_pair=404, manager_in_other_pair=200, admin=404, two_programmes=200),
    ),
    Case(
        "both programmes",
        "get",
        lambda o: "/programmes/beta/",
        rows(manager_in_pair=404, manager_in_other_pair=404, admin=200, two_programmes=200),
    ),
    Case(
        "managing the other programme",
        "get",
        lambda o: "/programmes/beta/participants/",
        rows(manager_in_pair=404, manager_in_other_pair=404, admin=200, two_programmes=403),
    ),
    Case(
        "the mentee's profile",
        "get",
        lambda o: f"/api/v1/profiles/{o.pair.mentee_id}",
        rows(manager_in_pair=200, manager_in_other_pair=200, admin=200, two_programmes=404),
        api=True,
    ),
    # Identity is the organisation admin's, appointed to a programme or not;
    # managing a programme (and mentoring in it) gives none of it.
    Case(
        "SCIM provisioning and directory groups",
        "get",
        lambda o: "/identity/provisioning/",
        rows(manager_in_pair=403, manager_in_other_pair=403, admin=200, two_programmes=403),
    ),
    Case(
        "roster sync",
        "get",
        lambda o: "/identity/roster/",
        rows(manager_in_pair=403, manager_in_other_pair=403, admin=200, two_programmes=403),
    ),
    # Each person's calendars and subscription are their own, whatever else they are.
    Case(
        "my calendars",
        "get",
        lambda o: "/calendars/",
        rows(manager_in_pair=200, manager_in_other_pair=200, admin=200, two_programmes=200),
    ),
    Case(
        "my calendar subscription",
        "get",
        lambda o: "/calendar-feed/",
        rows(manager_in_pair=200, manager_in_other_pair=200, admin=200, two_programmes=200),
    ),
    Case(
        "the mentee's demographics",
        "get",
        lambda o: f"/api/v1/profiles/{o.pair.mentee_id}/demographics",
        rows(manager_in_pair=404, manager_in_other_pair=404, admin=200, two_programmes=404),
        api=True,
    ),
]


@pytest.mark.parametrize("who", OVERLAPS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_overlapping_roles(world: World, overlap: Overlap, case: Case, who: str) -> None:
    person = overlap.people[who]
    response = case.ask((api_client_for if case.api else client_for)(person), overlap)
    assert response.status_code == case.expected[who], response.content[:300]
