"""Meeting notes: private to the author unless shared; Markdown rendered
without any way to run script; nobody outside the pair reads them."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.db import transaction

from kindred.conftest import World, client_for, make_meeting
from kindred.lib.errors import InvalidInput, NotFound
from kindred.lib.markdown import render
from kindred.meetings.models import Meeting, Note
from kindred.meetings.notes import note_delete, note_save
from kindred.meetings.selectors import notes_for
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

UTC = dt.UTC


@pytest.fixture
def meeting(world: World) -> Meeting:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    start = dt.datetime(2026, 3, 3, 10, tzinfo=UTC)
    return make_meeting(pair, start, zone="UTC")


def test_private_notes_stay_with_the_author_and_shared_ones_reach_the_partner(
    world: World, meeting: Meeting
) -> None:
    private = note_save(actor=world.owner, meeting=meeting, body="My worries", shared=False)
    shared = note_save(actor=world.owner, meeting=meeting, body="Next steps", shared=True)
    assert set(notes_for(world.owner, meeting)) == {private, shared}
    assert list(notes_for(world.partner, meeting)) == [shared]
    for outsider in (world.manager, world.admin, world.participant):
        assert not notes_for(outsider, meeting).exists()
    url = f"/relationships/{meeting.relationship_id}/meetings/{meeting.pk}/notes/"
    partner_page = client_for(world.partner).get(url).content.decode()
    assert "Next steps" in partner_page and "My worries" not in partner_page
    for outsider in (world.manager, world.other_manager, world.participant, world.admin):
        response = client_for(outsider).get(url)
        assert response.status_code == 404 and b"Next steps" not in response.content
    relationship_page = client_for(world.manager).get(f"/relationships/{meeting.relationship_id}/")
    assert b"My worries" not in relationship_page.content


def test_only_the_author_changes_or_deletes_a_note(world: World, meeting: Meeting) -> None:
    note = note_save(actor=world.owner, meeting=meeting, body="Draft", shared=True)
    with pytest.raises(NotFound):
        note_save(
            actor=world.partner, meeting=meeting, body="Changed", shared=True, note_id=note.pk
        )
    with pytest.raises(NotFound):
        note_delete(actor=world.partner, meeting=meeting, note_id=note.pk)
    changed = note_save(
        actor=world.owner, meeting=meeting, body="Final", shared=False, note_id=note.pk
    )
    assert (changed.body, changed.shared) == ("Final", False)
    with pytest.raises(InvalidInput):
        note_save(actor=world.owner, meeting=meeting, body="  ", shared=False)
    url = f"/relationships/{meeting.relationship_id}/meetings/{meeting.pk}/notes/"
    assert client_for(world.partner).get(f"{url}?note={note.pk}").status_code == 404
    assert client_for(world.partner).get(f"{url}?note=abc").status_code == 404
    client_for(world.owner).post(f"{url}{note.pk}/delete/")
    assert not Note.objects.exists()


class _Elements(HTMLParser):
    """Every element and attribute in a piece of HTML (text is ignored)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=//evil.example></iframe>",
        "[x](JaVaScRiPt:alert(1))",
    ],
)
def test_markdown_never_carries_script(attack: str) -> None:
    html = render(f"**Bold** and {attack}")
    parser = _Elements()
    parser.feed(html)
    tags = {tag for tag, _ in parser.found}
    assert "strong" in tags and not tags & {"script", "img", "iframe"}
    for _, attrs in parser.found:
        assert not [name for name in attrs if name.startswith("on")]
        assert not (attrs.get("href") or "").strip().lower().startswith("javascript")


def test_markdown_keeps_what_people_write(world: World, meeting: Meeting) -> None:
    html = render("# Plan\n\n- one\n- two\n\n[docs](https://docs.example.org)")
    assert "<h3>Plan</h3>" in html and "<li>one</li>" in html
    assert 'href="https://docs.example.org"' in html and "noopener" in html
    client = client_for(world.owner)
    url = f"/relationships/{meeting.relationship_id}/meetings/{meeting.pk}/notes/"
    assert (
        client.post(url, {"body": "**Agreed** <script>x</script>", "shared": "on"}).status_code
        == 302
    )
    page = client.get(url).content.decode()
    assert "<strong>Agreed</strong>" in page and "<script>x" not in page
    assert Relationship.objects.count() == 1
