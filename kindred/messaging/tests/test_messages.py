"""Messages in a relationship: the thread, unread counts, and e-mail that
waits for the agreed reply time and the recipient's quiet hours, one per
unread stretch, withdrawn when the message is read in the app."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kindred.conftest import World, client_for
from kindred.lib.errors import Conflict, Forbidden, InvalidInput
from kindred.messaging import selectors, services
from kindred.messaging.models import Message
from kindred.notifications.models import Notification
from kindred.relationships.models import Relationship
from kindred.relationships.services import (
    agreement_save_draft,
    agreement_sign,
    relationship_change_status,
)

UTC = dt.UTC
NOON = dt.datetime(2026, 6, 2, 11, tzinfo=UTC)  # 12:00 in London


@pytest.fixture
def pair(pair_with_intakes: Relationship) -> Relationship:
    return pair_with_intakes  # times and suggestions need both people's working hours


def send(
    world: World, pair: Relationship, body: str = "Hello!", at: dt.datetime = NOON, by=None
) -> Message:
    return services.message_send(actor=by or world.owner, relationship=pair, body=body, now=at)


def test_unread_counts_and_reading(world: World, pair: Relationship) -> None:
    send(world, pair, "First")
    send(world, pair, "Second")
    assert selectors.unread_count(world.partner, pair) == 2
    assert selectors.unread_count(world.owner, pair) == 0  # your own messages are read
    assert selectors.unread_by_relationship(world.partner) == {pair.pk: 2}
    services.thread_mark_read(actor=world.partner, relationship=pair)
    assert selectors.unread_count(world.partner, pair) == 0
    assert selectors.unread_by_relationship(world.partner) == {}


def test_one_e_mail_per_unread_stretch_after_the_agreed_wait(
    world: World, pair: Relationship
) -> None:
    send(world, pair, "First")
    send(world, pair, "Second", at=NOON + dt.timedelta(minutes=3))
    waiting = Notification.objects.get(recipient=world.partner, kind="message")
    assert waiting.earliest_send_at == NOON + dt.timedelta(hours=6)  # 48 h reply time / 8
    assert waiting.subject == "Olu Owner: 2 new messages"
    services.thread_mark_read(actor=world.partner, relationship=pair)
    waiting.refresh_from_db()
    assert waiting.state == "withdrawn"  # read in the app: no e-mail needed
    send(world, pair, "Third", at=NOON + dt.timedelta(hours=1))
    assert Notification.objects.filter(recipient=world.partner, kind="message").count() == 2


def test_the_wait_follows_the_agreed_reply_time_and_quiet_hours(
    world: World, pair: Relationship
) -> None:
    terms = {
        "cadence": "weekly",
        "session_minutes": 45,
        "sync_channels": ["video"],
        "video_link": "https://meet.example.org/x",
        "async_channels": ["messages"],
        "reply_within_hours": 24,
        "mentor_off_limits": "Quiet hours 13:00-20:00",
        "mentee_off_limits": "",
        "objectives": "Grow",
    }
    agreement = agreement_save_draft(actor=world.owner, relationship=pair, terms=terms)
    for person in (world.owner, world.partner):
        agreement_sign(actor=person, relationship=pair, agreement_id=agreement.pk)
    send(world, pair, "Quick one")
    waiting = Notification.objects.get(recipient=world.partner, kind="message")
    # 24 h / 8 = 3 h takes it to 15:00 in London, inside the signed quiet hours.
    assert waiting.earliest_send_at == dt.datetime(2026, 6, 2, 19, tzinfo=UTC)  # 20:00 BST
    assert selectors.e_mail_wait(168) == dt.timedelta(hours=8)
    assert selectors.e_mail_wait(1) == dt.timedelta(minutes=15)


def test_bad_messages_and_the_wrong_people_are_refused(world: World, pair: Relationship) -> None:
    for body in ("   ", "x" * 4001):
        with pytest.raises(InvalidInput):
            send(world, pair, body)
    for outsider in (world.participant, world.manager, world.admin):
        with pytest.raises(Forbidden):
            send(world, pair, by=outsider)
    relationship_change_status(actor=world.owner, relationship=pair, to="completed", note="")
    pair.refresh_from_db()
    with pytest.raises(Conflict):
        send(world, pair)
    assert not Message.objects.exists()


def test_the_thread_page_posts_and_polls_with_htmx(world: World, pair: Relationship) -> None:
    owner = client_for(world.owner)
    url = f"/relationships/{pair.pk}/messages/"
    posted = owner.post(url, {"body": "Hi <b>there</b>"}, headers={"HX-Request": "true"})
    html = posted.content.decode()
    assert posted.status_code == 200 and 'id="conversation"' in html and "<html" not in html
    assert "Hi &lt;b&gt;there&lt;/b&gt;" in html  # never rendered as markup
    polled = client_for(world.partner).get(url + "?part=messages", headers={"HX-Request": "true"})
    assert 'id="messages"' in polled.content.decode() and "<form" not in polled.content.decode()
    assert selectors.unread_count(world.partner, pair) == 0
    empty = owner.post(url, {"body": ""}, headers={"HX-Request": "true"})
    assert empty.status_code == 200 and "This field is required" in empty.content.decode()
    assert Message.objects.count() == 1


def test_the_thread_reads_in_a_bounded_number_of_queries(world: World, pair: Relationship) -> None:
    client = client_for(world.partner)
    url = f"/relationships/{pair.pk}/messages/"
    send(world, pair)
    client.get(url)  # the partner has opened the thread before
    send(world, pair)  # one unread message
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):  # thirty more, the last one unread
        send(world, pair, f"Message {n}", by=world.owner if n % 2 else world.partner)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 16


def test_people_who_are_not_in_the_pair_never_see_a_thread(
    world: World, pair: Relationship
) -> None:
    send(world, pair, "Private words")
    url = f"/relationships/{pair.pk}/messages/"
    for person in (world.participant, world.outsider, world.manager, world.other_manager):
        response = client_for(person).get(url)
        assert response.status_code == 404 and b"Private words" not in response.content
    page = client_for(world.manager).get(f"/relationships/{pair.pk}/")
    assert page.status_code == 200 and b"Private words" not in page.content


def test_my_matches_shows_unread_messages(world: World, pair: Relationship) -> None:
    send(world, pair, "Are you free Tuesday?")
    page = client_for(world.partner).get("/matches/").content.decode()
    assert "1 unread message" in page
    assert "unread" not in client_for(world.owner).get("/matches/").content.decode()
