"""Concern reports reach the programme's managers only. The person a report
is about learns nothing: no view, no notification, no change on any page,
no e-mail whose timing could give it away."""

from __future__ import annotations

import datetime as dt

import pytest

from kindred.conftest import World, api_client_for, client_for, visible
from kindred.lib.errors import Conflict, InvalidInput, NotFound, TooMany
from kindred.lib.models import AppendOnly
from kindred.notifications.models import Notification
from kindred.relationships.models import Relationship
from kindred.safety import services
from kindred.safety.models import CaseAudit, ConcernReport

UTC = dt.UTC
WORDS = "He keeps asking about my family after I said it was off limits."


def report(world: World, pair: Relationship, **changes: object) -> ConcernReport:
    fields: dict[str, object] = {
        "actor": world.owner,
        "relationship": pair,
        "category": "boundaries",
        "text": WORDS,
        "wants_contact": True,
    }
    return services.concern_report(**(fields | changes))  # type: ignore[arg-type]


def test_the_reported_person_learns_nothing(world: World, pair: Relationship) -> None:
    mentor = client_for(world.partner)
    pages = [f"/relationships/{pair.pk}/", "/matches/", "/", "/safety/reports/"]
    before = {url: visible(mentor.get(url).content) for url in pages}
    queued_before = Notification.objects.filter(recipient=world.partner).count()
    case = report(world, pair)
    after = {url: visible(mentor.get(url).content) for url in pages}
    assert after == before
    assert Notification.objects.filter(recipient=world.partner).count() == queued_before
    for url in (f"/cases/{case.pk}/", f"/programmes/{world.programme.slug}/cases/"):
        response = mentor.get(url)
        assert response.status_code == 404 and WORDS.encode() not in response.content
    api = api_client_for(world.partner)
    for url in ("/api/v1/me", f"/api/v1/programmes/{world.programme.slug}"):
        assert WORDS.encode() not in api.get(url).content


def test_managers_of_the_programme_are_told_and_no_one_else(
    world: World, pair: Relationship
) -> None:
    case = report(world, pair)
    alerted = Notification.objects.filter(kind="concern_reported")
    assert list(alerted.values_list("recipient", flat=True)) == [world.manager.pk]
    assert WORDS not in alerted.get().body and world.partner.display_name not in alerted.get().body
    page = client_for(world.manager).get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and WORDS.encode() in page.content
    for outsider in (world.other_manager, world.admin, world.participant, world.outsider):
        assert client_for(outsider).get(f"/cases/{case.pk}/").status_code == 404
    listing = client_for(world.other_manager).get(f"/programmes/{world.programme.slug}/cases/")
    assert listing.status_code == 404
    mine = client_for(world.owner).get("/safety/reports/").content.decode()
    assert "In review" not in mine and "Received" in mine


def test_the_case_workflow_and_its_audit_trail(world: World, pair: Relationship) -> None:
    case = report(world, pair)
    manager = client_for(world.manager)
    manager.get(f"/cases/{case.pk}/")
    update = f"/cases/{case.pk}/update/"
    manager.post(update, {"action": "status", "status": "in_review"})
    manager.post(update, {"action": "note", "text": "Called the mentee; she is fine."})
    assert manager.post(update, {"action": "status", "status": "resolved"}).status_code == 422
    manager.post(update, {"action": "paused"})
    manager.post(update, {"action": "status", "status": "resolved", "outcome": "paused"})
    case.refresh_from_db()
    pair.refresh_from_db()
    assert (case.status, case.outcome, pair.status) == ("resolved", "paused", "paused")
    event = pair.events.last()
    assert event is not None and event.note == "By the programme team"  # never why
    actions = list(case.audit.values_list("action", "detail", "actor"))
    assert actions == [
        ("reported", "", world.owner.pk),
        ("viewed", "", world.manager.pk),
        ("status", "in_review", world.manager.pk),
        ("note", "", world.manager.pk),
        ("relationship", "paused", world.manager.pk),
        ("status", "resolved: paused", world.manager.pk),
    ]
    entry = CaseAudit.objects.first()
    assert entry is not None
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        CaseAudit.objects.filter(report=case).update(detail="changed")
    with pytest.raises(AppendOnly):
        CaseAudit.objects.filter(report=case).delete()
    with pytest.raises(NotFound):
        services.case_set_status(actor=world.other_manager, report_id=case.pk, status="in_review")
    with pytest.raises(Conflict):
        services.case_set_status(actor=world.manager, report_id=case.pk, status="received")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "x" * 4001}, "text"),
        ({"text": "too short"}, "text"),
        ({"category": "gossip"}, "category"),
    ],
)
def test_bad_reports_are_refused(
    world: World, pair: Relationship, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        report(world, pair, **changes)
    assert caught.value.errors[0]["field"] == field
    assert not ConcernReport.objects.exists() and not Notification.objects.exists()


def test_flooding_is_refused(world: World, pair: Relationship) -> None:
    for _ in range(services.REPORTS_PER_DAY):
        report(world, pair)
    with pytest.raises(TooMany):
        report(world, pair)
    response = client_for(world.owner).post(
        f"/relationships/{pair.pk}/concern/", {"category": "other", "text": WORDS}
    )
    assert response.status_code == 200 and "several reports today" in response.content.decode()
    assert ConcernReport.objects.count() == services.REPORTS_PER_DAY


def test_only_the_pair_can_report_and_the_form_validates(world: World, pair: Relationship) -> None:
    url = f"/relationships/{pair.pk}/concern/"
    assert (
        client_for(world.participant).post(url, {"category": "other", "text": WORDS}).status_code
        == 404
    )
    bad = client_for(world.owner).post(url, {"category": "gossip", "text": WORDS})
    assert bad.status_code == 200 and not ConcernReport.objects.exists()
    good = client_for(world.owner).post(url, {"category": "conduct", "text": WORDS})
    assert good.status_code == 302 and ConcernReport.objects.count() == 1
