"""A person downloads everything Kindred holds about them; an organisation
admin erases a person: their own data goes, shared history stays for the
partner under an anonymous name, the partner's data is untouched, and the
audit log is kept."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core import serializers
from django.db import transaction
from django.test import Client

from kindred.accounts.data_rights import REMOVED, undecided_links
from kindred.accounts.models import User
from kindred.audit.models import AuditEvent
from kindred.commitments.services import commitment_add
from kindred.conftest import (
    TEST_PASSWORD,
    World,
    api_client_for,
    client_for,
    give_intake,
    make_meeting,
)
from kindred.meetings.models import Meeting, Note
from kindred.meetings.notes import note_save
from kindred.messaging.models import Message
from kindred.messaging.services import message_send
from kindred.profiles.models import Demographics
from kindred.profiles.selectors import demographics_read
from kindred.profiles.services import demographics_save
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start
from kindred.safety.models import ComfortCheckIn, ConcernReport
from kindred.safety.services import checkin_submit, concern_report

UTC = dt.UTC
LOGIN = "/accounts/sign-in/"
OWNER_NOTE = "Owner's private worry about the promotion"
OWNER_SHARED = "Owner's shared summary of the call"
OWNER_MESSAGE = "Owner writes: see you Thursday"
PARTNER_NOTE = "Partner's private reflection"
PARTNER_MESSAGE = "Partner writes: looking forward to it"
REPORT = "Partner keeps asking about my family after I said it was off limits."


@dataclass
class History:
    pair: Relationship
    future: Meeting


@pytest.fixture
def history(world: World) -> History:
    for n, person in enumerate([world.owner, world.partner]):
        give_intake(person, seed=n)
    # A sign-in and a failed one, which the lockout records keep by address.
    for password in (TEST_PASSWORD, "wrong"):
        Client().post(LOGIN, {"username": world.owner.email, "password": password})
    demographics_save(actor=world.owner, answers={"gender": "woman"}, channel="web")
    demographics_read(viewer=world.admin, subject=world.owner, channel="web", purpose="request")
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    held_at = dt.datetime(2026, 3, 3, 10, tzinfo=UTC)
    held = make_meeting(
        pair,
        held_at,
        zone="UTC",
        status=Meeting.Status.HELD,
        proposed_by=world.owner,
    )
    soon = dt.datetime.now(UTC).replace(microsecond=0) + dt.timedelta(days=5)
    future = make_meeting(pair, soon, zone="UTC")
    note_save(actor=world.owner, meeting=held, body=OWNER_NOTE, shared=False)
    note_save(actor=world.owner, meeting=held, body=OWNER_SHARED, shared=True)
    note_save(actor=world.partner, meeting=held, body=PARTNER_NOTE, shared=False)
    message_send(actor=world.owner, relationship=pair, body=OWNER_MESSAGE)
    message_send(actor=world.partner, relationship=pair, body=PARTNER_MESSAGE)
    commitment_add(
        actor=world.owner,
        relationship=pair,
        text="Draft the project plan",
        owner_id=world.owner.pk,
        due_date=dt.date.today() + dt.timedelta(days=7),
    )
    checkin_submit(actor=world.owner, meeting=held, sharing_comfortable=2, boundaries_respected=2)
    checkin_submit(actor=world.partner, meeting=held, sharing_comfortable=5, boundaries_respected=5)
    concern_report(
        actor=world.owner, relationship=pair, category="boundaries", text=REPORT, wants_contact=True
    )
    return History(pair, future)


def test_every_field_that_points_at_a_person_has_a_decision() -> None:
    assert undecided_links() == []


def test_a_person_downloads_everything_about_them_and_nothing_of_their_partners(
    world: World, history: History
) -> None:
    response = client_for(world.owner).get("/accounts/my-data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    text = response.content.decode()
    assert data["account"]["email"] == world.owner.email
    holdings = data["holdings"]
    assert holdings["profiles.Demographics"][0]["gender"] == "woman"
    assert holdings["profiles.Profile"][0]["calling"]
    assert {n["body"] for n in holdings["meetings.Note"]} == {OWNER_NOTE, OWNER_SHARED}
    assert [m["body"] for m in holdings["messaging.Message"]] == [OWNER_MESSAGE]
    assert holdings["safety.ConcernReport"][0]["text"] == REPORT
    assert [
        e["actor_label"] for e in holdings["audit.AuditEvent"] if e["action"] == "demographics.read"
    ]
    for absent in (PARTNER_NOTE, PARTNER_MESSAGE, "key_hash", "password"):
        assert absent not in text
    assert "safety.CaseNote" not in holdings and "matching.Exclusion" not in holdings
    assert AuditEvent.objects.filter(action="person.export", subject=world.owner).exists()
    api = api_client_for(world.owner).get("/api/v1/me/export").json()
    assert api["holdings"].keys() == holdings.keys()


def dump() -> str:
    """Every row of every table Kindred and its parts keep, as text."""
    # Sessions hold only ids; who signed in when is not under test here.
    skip = ("contenttypes", "auth", "sessions")
    rows = [m for m in apps.get_models() if m._meta.app_label not in skip]
    return serializers.serialize("json", [r for m in rows for r in m._default_manager.all()])


def test_a_wrong_confirmation_erases_nothing(world: World, history: History) -> None:
    admin = client_for(world.admin)
    before = dump()
    response = admin.post(
        f"/accounts/people/{world.owner.pk}/erase/", {"confirm_email": "someone@else.example"}
    )
    assert response.status_code == 200 and b"not this person" in response.content
    assert dump() == before


def test_erasure_removes_their_data_keeps_shared_history_and_the_log(
    world: World, history: History
) -> None:
    identifiers = (world.owner.email, world.owner.full_name, OWNER_NOTE, OWNER_MESSAGE)
    logged = AuditEvent.objects.count()
    partner_before = (
        list(Note.objects.filter(author=world.partner).values()),
        list(Message.objects.filter(sender=world.partner).values()),
        list(ComfortCheckIn.objects.filter(person=world.partner).values()),
    )
    response = client_for(world.admin).post(
        f"/accounts/people/{world.owner.pk}/erase/", {"confirm_email": world.owner.email}
    )
    assert response.status_code == 302

    everything = dump()
    for identifier in identifiers:
        assert identifier not in everything, [
            row for row in json.loads(everything) if identifier in json.dumps(row)
        ]
    erased = User.objects.get(pk=world.owner.pk)
    assert not erased.is_active and not erased.has_usable_password()
    assert not Demographics.objects.filter(user=erased).exists()
    assert not ComfortCheckIn.objects.filter(person=erased).exists()
    # Shared history stays whole for the partner, under an anonymous name.
    pair = Relationship.objects.get(pk=history.pair.pk)
    assert pair.mentee == erased and pair.status == Relationship.Status.ENDED_EARLY
    assert Message.objects.get(sender=erased).body == REMOVED
    assert Note.objects.get(author=erased).body == REMOVED  # the shared one; the private is gone
    history.future.refresh_from_db()
    assert history.future.status == Meeting.Status.CANCELLED
    assert ConcernReport.objects.get().reporter == erased
    # The partner's own data is untouched.
    assert partner_before == (
        list(Note.objects.filter(author=world.partner).values()),
        list(Message.objects.filter(sender=world.partner).values()),
        list(ComfortCheckIn.objects.filter(person=world.partner).values()),
    )
    # The log is kept, one entry longer, and names the anonymised account.
    assert AuditEvent.objects.count() > logged
    read = AuditEvent.objects.get(action="demographics.read", subject=erased)
    assert read.subject_label == f"Erased person #{erased.pk}" and read.actor == world.admin
    assert AuditEvent.objects.filter(action="person.erase", actor=world.admin).exists()
    signed = Client().post(LOGIN, {"username": world.owner.email, "password": TEST_PASSWORD})
    assert signed.status_code == 200  # no such account any more


def test_an_admin_cannot_erase_themselves(world: World) -> None:
    response = client_for(world.admin).post(
        f"/accounts/people/{world.admin.pk}/erase/", {"confirm_email": world.admin.email}
    )
    assert response.status_code == 409
    assert User.objects.get(pk=world.admin.pk).is_active
