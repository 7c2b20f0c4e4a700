"""Concern reports about someone in a circle: the privacy rules of a pair's
hold. The case goes to the programme's managers outside the circle (else
the organisation's admins); the person it is about, and everyone else in
the circle, never handle, hear of or see it, even when one of them is a
manager of the programme too."""

from __future__ import annotations

import pytest

from kindred.circles import services
from kindred.circles.tests.conftest import CircleWorld
from kindred.conftest import client_for
from kindred.lib.errors import Conflict, NotFound
from kindred.notifications.models import Notification
from kindred.safety import services as safety
from kindred.safety.models import ConcernReport
from kindred.safety.policies import case_handlers

TEXT = "Talked over me every meeting and mocked my accent."


def report(cw: CircleWorld, about: object, by: object | None = None) -> ConcernReport:
    return services.concern_raise(
        actor=by or cw.members[0],  # type: ignore[arg-type]
        circle=cw.circle,
        about_id=about.pk,  # type: ignore[attr-defined]
        category=ConcernReport.Category.CONDUCT,
        text=TEXT,
        wants_contact=True,
    )


def test_the_case_reaches_managers_outside_the_circle_only(circle_world: CircleWorld) -> None:
    cw = circle_world
    reported = cw.members[2]
    cw.world.programme.managers.add(reported)  # a manager who is also in the circle
    case = report(cw, reported)
    assert case_handlers(case) == [cw.world.manager]
    alerted = set(
        Notification.objects.filter(kind="concern_reported").values_list("recipient_id", flat=True)
    )
    assert alerted == {cw.world.manager.pk}
    for person in [cw.facilitator, *cw.members]:
        page = client_for(person).get(f"/cases/{case.pk}/")
        assert page.status_code == 404, person
        circle_page = client_for(person).get(f"/circles/{cw.circle.pk}/").content.decode()
        assert TEXT not in circle_page
    handler = client_for(cw.world.manager).get(f"/cases/{case.pk}/").content.decode()
    assert TEXT in handler and reported.display_name in handler and cw.circle.name in handler


def test_with_every_manager_in_the_circle_the_admins_handle_it(circle_world: CircleWorld) -> None:
    cw = circle_world
    cw.world.programme.managers.set([cw.facilitator])
    page = client_for(cw.members[0]).get(f"/circles/{cw.circle.pk}/").content.decode()
    assert "the organisation's administrators" in page
    case = report(cw, cw.facilitator)
    assert case_handlers(case) == [cw.world.admin]


def test_only_someone_else_in_the_circle_is_reported(circle_world: CircleWorld) -> None:
    cw = circle_world
    with pytest.raises(NotFound):
        report(cw, cw.world.participant)  # not in the circle
    with pytest.raises(NotFound):
        report(cw, cw.members[0])  # oneself
    assert not ConcernReport.objects.exists()


def test_a_circle_case_has_no_relationship_to_pause(circle_world: CircleWorld) -> None:
    cw = circle_world
    case = report(cw, cw.members[1])
    with pytest.raises(Conflict, match="circle"):
        safety.case_change_relationship(actor=cw.world.manager, report_id=case.pk, to="paused")
    safety.case_set_status(actor=cw.world.manager, report_id=case.pk, status="in_review")
