"""What cannot be undone is asked about once: a page's form posts
`confirm=ask` and is shown the question (without script; kindred.js asks in
a dialog); `confirm=done` acts. The question obeys the same access rules."""

from __future__ import annotations

import datetime as dt

from kindred.conftest import World, client_for, give_intake, make_meeting
from kindred.matching import services as matching
from kindred.matching.models import MatchRun
from kindred.meetings.models import Meeting
from kindred.programs.models import Invitation
from kindred.relationships.models import Relationship

UTC = dt.UTC


def test_ending_a_relationship_asks_first(world: World, pair: Relationship) -> None:
    client = client_for(world.owner)
    url = f"/relationships/{pair.pk}/status/"
    asked = client.post(url, {"to": "ended_early", "note": "moving on", "confirm": "ask"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "Close the relationship of" in page
    assert 'name="note" value="moving on"' in page and 'name="confirm" value="done"' in page
    pair.refresh_from_db()
    assert pair.is_active
    done = client.post(url, {"to": "ended_early", "note": "moving on", "confirm": "done"})
    assert done.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ENDED_EARLY


def test_resuming_is_not_asked(world: World, pair: Relationship) -> None:
    pair.status = Relationship.Status.PAUSED
    pair.save()
    response = client_for(world.owner).post(
        f"/relationships/{pair.pk}/status/", {"to": "active", "confirm": "ask"}
    )
    assert response.status_code == 302


def test_the_page_carries_the_same_words_for_the_dialog(world: World, pair: Relationship) -> None:
    page = (
        client_for(world.owner)
        .get(f"/relationships/{pair.pk}/sections/agreement/")
        .content.decode()
    )
    assert 'data-confirm-title="Pause the relationship of' in page
    assert 'name="confirm" value="ask"' in page


def test_a_late_cancellation_says_so(world: World, pair: Relationship) -> None:
    soon = make_meeting(pair, dt.datetime.now(UTC) + dt.timedelta(hours=5))
    later = make_meeting(pair, dt.datetime.now(UTC) + dt.timedelta(days=5))
    client = client_for(world.owner)
    base = f"/relationships/{pair.pk}/meetings"
    late = client.post(f"{base}/{soon.pk}/cancel/", {"confirm": "ask"}).content.decode()
    assert "late cancellation" in late
    early = client.post(f"{base}/{later.pk}/cancel/", {"confirm": "ask"}).content.decode()
    assert "late cancellation" not in early and "Cancel the meeting on" in early
    assert Meeting.objects.filter(status=Meeting.Status.CANCELLED).count() == 0


def test_the_question_keeps_the_access_rules(world: World, pair: Relationship) -> None:
    later = make_meeting(pair, dt.datetime.now(UTC) + dt.timedelta(days=5))
    url = f"/relationships/{pair.pk}/meetings/{later.pk}/cancel/"
    assert client_for(world.outsider).post(url, {"confirm": "ask"}).status_code == 404
    assert client_for(world.other_manager).post(url, {"confirm": "ask"}).status_code == 404


def test_publishing_says_how_many_people_are_emailed(world: World) -> None:
    for n, person in enumerate([world.owner, world.partner, world.participant]):
        give_intake(person, seed=n)
    run = matching.run_execute(
        matching.run_start(actor=world.manager, programme=world.programme).pk,
        today=dt.date.today(),
    )
    count = run.proposals.count()
    client = client_for(world.manager)
    asked = client.post(f"/matching/runs/{run.pk}/publish/", {"confirm": "ask", "accept_gap": "1"})
    assert f"{count * 2} people will be e-mailed" in asked.content.decode()
    assert MatchRun.objects.get(pk=run.pk).published_at is None


def test_revoking_an_invitation_asks_first(world: World) -> None:
    invitation = Invitation.objects.create(programme=world.programme, role="mentee")
    client = client_for(world.manager)
    url = f"/programmes/alpha/invitations/{invitation.pk}/revoke/"
    assert "Revoke this invitation link?" in client.post(url, {"confirm": "ask"}).content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert client_for(world.other_manager).post(url, {"confirm": "ask"}).status_code == 404
    client.post(url, {"confirm": "done"})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
