"""Erasure leaves no trace of the person in what others keep, and nothing
that is not theirs changes (issue 20, finding 15): whole names only ("Ann"
never alters "Anna"), the attendee lines of the partner's stored calendar
files (folded or not), the warnings stored on shared meetings, and a CANCEL
for every future meeting so the partner keeps no ghost event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from icalendar import Calendar

from kindred.accounts.data_rights import person_erase
from kindred.conftest import World, client_for, give_intake
from kindred.lib.phrases import kept, phrase
from kindred.meetings.models import Meeting
from kindred.meetings.services import meeting_propose
from kindred.messaging.messages import NewMessages
from kindred.notifications.models import Notification
from kindred.notifications.services import notify
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

SOON = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=9)


@pytest.fixture
def pair(world: World) -> Relationship:
    for n, person in enumerate([world.owner, world.partner]):
        give_intake(person, seed=n)
    world.owner.full_name = "Ann Owner"
    world.owner.save()
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


def attendees(ics: str) -> list[tuple[str, str]]:
    event = next(c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT")
    found = event.get("ATTENDEE")
    found = found if isinstance(found, list) else [found]
    return [(str(a), str(a.params.get("CN", ""))) for a in found]


def test_others_keep_no_trace_and_anna_stays_anna(
    world: World, pair: Relationship, django_capture_on_commit_callbacks
) -> None:
    meeting = meeting_propose(
        actor=world.owner, relationship=pair, start=SOON, minutes=45, zone="UTC"
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        soft_warnings=[
            "School run for Ann Owner (flexible)",  # kept as English before phrases
            kept(phrase("%(label)s for %(name)s (flexible)", label="Crèche", name="Ann Owner")),
            "outside Pat Partner's working hours",
        ]
    )
    notify(
        recipient=world.partner,
        message=NewMessages(relationship=pair.pk, sender=world.owner.pk, count=2),
        key="typed",
    )
    # A row queued before messages were typed has only its words.
    Notification.objects.create(
        recipient=world.partner, kind="update", idempotency_key="anna",
        subject="Ann Owner and Anna Other both wrote",
        body="Ann Owner (owner@test.example) wrote; Anna Other too; ann@x stays.",
    )  # fmt: skip
    assert Notification.objects.get(idempotency_key="typed").subject == "Ann Owner: 2 new messages"
    invitation = Notification.objects.get(recipient=world.partner, kind="meeting_request")
    assert ("mailto:owner@test.example", "Ann Owner") in attendees(invitation.payload["ics"])
    with django_capture_on_commit_callbacks(execute=True):
        erased = person_erase(actor=world.admin, person_id=world.owner.pk)
    label, address = f"Erased person #{erased.pk}", f"erased-{erased.pk}@erased.invalid"
    mail = Notification.objects.get(idempotency_key="anna")
    assert mail.subject == f"{label} and Anna Other both wrote"
    assert mail.body == f"{label} ({address}) wrote; Anna Other too; ann@x stays."
    typed = Notification.objects.get(idempotency_key="typed")  # rendered again, not edited
    assert typed.subject == f"{label}: 2 new messages"
    assert typed.body.startswith(f"{label} wrote to you in Kindred.")
    invitation.refresh_from_db()
    ics = invitation.payload["ics"]
    assert "owner@test.example" not in ics.replace("\r\n ", "") and "Ann Owner" not in ics
    assert (f"mailto:{address}", label) in attendees(ics)
    assert ("mailto:partner@test.example", "Pat Partner") in attendees(ics)
    meeting.refresh_from_db()
    assert meeting.soft_warnings == ["outside Pat Partner's working hours"]
    assert meeting.status == Meeting.Status.CANCELLED
    cancels = Notification.objects.filter(kind="meeting_cancel")
    assert [n.recipient_id for n in cancels] == [world.partner.pk]  # the one who stays
    cancel = Calendar.from_ical(cancels.get().payload["ics"])
    event = next(c for c in cancel.walk() if c.name == "VEVENT")
    assert str(cancel["METHOD"]) == "CANCEL" and str(event["UID"]) == meeting.uid
    assert int(str(event["SEQUENCE"])) == meeting.sequence > 0
    assert "owner@test.example" not in cancels.get().payload["ics"].replace("\r\n ", "")


def test_the_erase_page_lists_what_is_kept_and_why(world: World) -> None:
    page = client_for(world.admin).get(f"/accounts/people/{world.owner.pk}/erase/")
    text = page.content.decode()
    assert "What is kept, and why" in text
    for section in ("Relationship", "Audit", "Concern report", "Match run"):
        assert section.lower() in text.lower(), section
