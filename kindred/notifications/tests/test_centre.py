"""The notification centre: the same outbox rows as the e-mail, in the app."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kindred.conftest import World, client_for
from kindred.meetings.messages import MeetingInvitation
from kindred.notifications import services
from kindred.notifications.models import Notification
from kindred.notifications.tests.plain import plain
from kindred.profiles.models import Profile
from kindred.relationships.models import Relationship

UTC = dt.UTC


def bell(html: str) -> str:
    found = re.search(r'class="bell-count">(\d+)', html)
    return found.group(1) if found else "0"


def invitation(pair: Relationship, key: str) -> Notification:
    start = dt.datetime.now(UTC) + dt.timedelta(days=3)
    message = MeetingInvitation(relationship=pair.pk, meeting=1, start=start)
    return services.notify(recipient=pair.mentee, message=message, key=key)


def test_the_bell_counts_and_the_centre_lists_what_was_queued(
    world: World, pair: Relationship
) -> None:
    item = invitation(pair, "centre:1")
    assert item.link == f"/relationships/{pair.pk}/"
    client = client_for(world.owner)
    home = client.get("/").content.decode()
    assert bell(home) == "1"
    centre = client.get("/notifications/").content.decode()
    assert item.subject in centre and "To be e-mailed" in centre
    assert bell(client_for(world.partner).get("/").content.decode()) == "0"


def test_quiet_hours_delay_the_email_never_the_item(world: World, pair: Relationship) -> None:
    Profile.objects.filter(user=world.owner).update(quiet_hours={"start": "00:00", "end": "23:59"})
    world.owner.refresh_from_db()
    item = services.notify(recipient=world.owner, message=plain("nudge_x", "Late", "b"), key="q")
    assert item.earliest_send_at > dt.datetime.now(UTC)
    assert "Late" in client_for(world.owner).get("/notifications/").content.decode()


def test_a_kind_turned_off_is_listed_but_not_emailed(world: World) -> None:
    world.owner.muted_emails = ["reminders"]
    world.owner.save()
    services.notify(recipient=world.owner, message=plain("nudge_x", "Nudge", "b"), key="m")
    page = client_for(world.owner).get("/notifications/").content.decode()
    assert "Nudge" in page and "you turned this kind of e-mail off" in page


def test_opening_marks_read_and_goes_where_the_news_is(world: World, pair: Relationship) -> None:
    item = invitation(pair, "centre:open")
    client = client_for(world.owner)
    response = client.post(f"/notifications/{item.pk}/open/")
    assert response.status_code == 302 and response["Location"] == f"/relationships/{pair.pk}/"
    item.refresh_from_db()
    assert item.read_at is not None
    assert bell(client.get("/").content.decode()) == "0"


def test_no_one_reads_or_marks_another_persons(world: World, pair: Relationship) -> None:
    item = invitation(pair, "centre:theirs")
    partner = client_for(world.partner)
    assert partner.get(f"/notifications/{item.pk}/").status_code == 404
    assert partner.post(f"/notifications/{item.pk}/open/").status_code == 404
    assert services.notifications_mark_read(actor=world.partner, ids=[item.pk]) == 0
    partner.post("/notifications/read/")
    item.refresh_from_db()
    assert item.read_at is None


def test_mark_all_read(world: World, pair: Relationship) -> None:
    for n in range(3):
        invitation(pair, f"centre:all:{n}")
    client = client_for(world.owner)
    client.post("/notifications/read/")
    assert not Notification.objects.filter(recipient=world.owner, read_at__isnull=True).exists()


def test_news_seen_another_way_is_read_in_the_centre(world: World) -> None:
    services.notify(recipient=world.owner, message=plain("message", "New", "b"), key="msg:1")
    services.withdraw(recipient=world.owner, key_prefix="msg:")
    assert Notification.objects.get(idempotency_key="msg:1").read_at is not None


def test_a_link_elsewhere_is_never_kept(world: World) -> None:
    from django.conf import settings

    from kindred.lib.links import site_path

    base = settings.KINDRED_BASE_URL
    assert site_path(f"{base}/relationships/1/") == "/relationships/1/"
    assert site_path("https://evil.example/relationships/1/") == ""
    assert site_path(f"{base}//evil.example/") == ""
    assert site_path(f"{base}.evil.example/x") == ""


def test_the_centre_reads_in_a_fixed_number_of_queries(world: World, pair: Relationship) -> None:
    client = client_for(world.owner)
    invitation(pair, "centre:q:0")
    client.get("/notifications/")
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/")
    for n in range(1, 25):
        invitation(pair, f"centre:q:{n}")
    client.get("/notifications/")  # each new row invalidated the cached bell: read it once
    with CaptureQueriesContext(connection) as many:
        assert client.get("/notifications/").status_code == 200
    assert len(many) == len(few)
