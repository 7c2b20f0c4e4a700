"""A manager who is also a participant never sees, is alerted about or acts
on a case about their own relationship; when no other manager remains, the
organisation's admins handle it and the reporter is told so. The audit
trail names the case, never the reporter, to anyone who does not handle it."""

from __future__ import annotations

import pytest
from django.db import transaction

from kindred.audit.models import AuditEvent
from kindred.conftest import World, client_for, enrol, make_user
from kindred.lib.errors import NotFound
from kindred.notifications.models import Notification
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start
from kindred.safety import services
from kindred.safety.models import ConcernReport
from kindred.safety.selectors import open_case_count

WORDS = "My mentor shares what I tell him with my team lead."


@pytest.fixture
def managed_pair(world: World) -> Relationship:
    """The programme's manager mentors the owner in the same programme."""
    enrol(world.manager, world.programme, "mentor")
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.manager, mentee=world.owner, source="matching"
        )


def file_report(world: World, pair: Relationship) -> ConcernReport:
    return services.concern_report(
        actor=world.owner, relationship=pair, category="conduct", text=WORDS, wants_contact=True
    )


def alerted(report: ConcernReport) -> set[int]:
    return set(
        Notification.objects.filter(
            kind="concern_reported", idempotency_key__startswith=f"concern:{report.pk}:"
        ).values_list("recipient", flat=True)
    )


def assert_kept_from(person: object, report: ConcernReport, world: World) -> None:
    client = client_for(person)  # type: ignore[arg-type]
    assert client.get(f"/cases/{report.pk}/").status_code == 404
    listing = client.get(f"/programmes/{world.programme.slug}/cases/")
    assert WORDS.encode() not in listing.content and f"#{report.pk}".encode() not in listing.content
    update = f"/cases/{report.pk}/update/"
    for body in (
        {"action": "status", "status": "resolved", "outcome": "no_action"},
        {"action": "note", "text": "Nothing to see."},
        {"action": "ended_early"},
    ):
        assert client.post(update, body).status_code == 404
    with pytest.raises(NotFound):
        services.case_change_relationship(actor=person, report_id=report.pk, to="paused")  # type: ignore[arg-type]
    assert open_case_count(person, world.programme) == 0  # type: ignore[arg-type]


def test_the_accused_manager_is_left_out_and_another_manager_handles_it(
    world: World, managed_pair: Relationship
) -> None:
    colleague = make_user("colleague@test.example", "Cleo Colleague")
    world.programme.managers.add(colleague)
    report = file_report(world, managed_pair)
    assert alerted(report) == {colleague.pk}
    assert_kept_from(world.manager, report, world)
    managed_pair.refresh_from_db()
    assert managed_pair.status == "active"
    assert client_for(colleague).get(f"/cases/{report.pk}/").status_code == 200
    assert client_for(world.admin).get(f"/cases/{report.pk}/").status_code == 404
    form = client_for(world.owner).get(f"/relationships/{managed_pair.pk}/concern/")
    assert "goes to the managers of" in form.content.decode()


def test_with_no_other_manager_the_admins_handle_it_and_the_reporter_is_told(
    world: World, managed_pair: Relationship
) -> None:
    form = client_for(world.owner).get(f"/relationships/{managed_pair.pk}/concern/")
    assert "goes to your organisation's admins" in form.content.decode()
    sent = client_for(world.owner).post(
        f"/relationships/{managed_pair.pk}/concern/", {"category": "conduct", "text": WORDS}
    )
    assert sent.status_code == 302
    report = ConcernReport.objects.get()
    assert alerted(report) == {world.admin.pk}
    assert_kept_from(world.manager, report, world)
    admin = client_for(world.admin)
    assert admin.get(f"/cases/{report.pk}/").status_code == 200
    assert f"#{report.pk}".encode() in admin.get("/programmes/alpha/cases/").content
    done = admin.post(f"/cases/{report.pk}/update/", {"action": "paused"})
    assert done.status_code == 302
    managed_pair.refresh_from_db()
    assert managed_pair.status == "paused"


def test_a_manager_in_another_pair_of_the_programme_still_handles_it(world: World) -> None:
    """Being a participant elsewhere in the programme is no conflict."""
    enrol(world.manager, world.programme, "mentor")
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    report = file_report(world, pair)
    assert alerted(report) == {world.manager.pk}
    assert client_for(world.manager).get(f"/cases/{report.pk}/").status_code == 200


def test_the_audit_log_never_names_the_reporter(world: World, managed_pair: Relationship) -> None:
    report = file_report(world, managed_pair)
    entry = AuditEvent.objects.get(action=AuditEvent.Action.CASE_CHANGE, target=f"case {report.pk}")
    assert entry.actor is None and entry.actor_label == ""
    assert entry.programme == world.programme
    log = client_for(world.admin).get("/audit/").content.decode()
    row = next(row for row in log.split("<tr>") if f"case {report.pk}" in row)
    assert world.owner.full_name not in row and world.owner.email not in row


def test_the_django_admin_lists_case_trails_only_to_their_handlers(
    world: World, managed_pair: Relationship
) -> None:
    colleague = make_user("colleague@test.example", "Cleo Colleague")
    world.programme.managers.add(colleague)
    file_report(world, managed_pair)
    superuser = make_user("root@test.example", "Root", is_superuser=True, is_staff=True)
    listing = client_for(superuser).get("/admin/safety/caseaudit/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert world.owner.full_name not in page and "0 case audits" in page
