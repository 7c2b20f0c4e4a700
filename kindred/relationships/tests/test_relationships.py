from __future__ import annotations

import pytest
from django.db import transaction

from kindred.conftest import World, api_client_for, client_for
from kindred.lib.errors import Conflict, Forbidden, InvalidInput
from kindred.relationships import selectors, services
from kindred.relationships.models import Agreement, Relationship

TERMS = {
    "cadence": "fortnightly",
    "session_minutes": "45",
    "sync_1": "video",
    "sync_2": "phone",
    "video_link": "https://meet.example.org/pair",
    "async_channels": ["email", "messages"],
    "reply_within_hours": "48",
    "mentor_off_limits": "Quiet hours 19:00-07:00",
    "mentee_off_limits": "School run Mon-Fri 15:00-16:00",
    "objectives": "Grow as a remote leader.",
}


def test_draft_sign_change_and_sign_again(world: World, pair: Relationship) -> None:
    mentee, mentor = client_for(world.owner), client_for(world.partner)
    assert (
        b"Draft the agreement"
        in mentee.get(f"/relationships/{pair.pk}/sections/agreement/").content
    )
    assert mentee.post(f"/relationships/{pair.pk}/agreement/", TERMS).status_code == 302
    first = Agreement.objects.get()
    assert (first.version, first.sync_channels) == (1, ["video", "phone"])
    mentee.post(f"/relationships/{pair.pk}/agreement/{first.pk}/sign/")
    assert selectors.agreement_in_force(pair) is None  # one signature is not enough
    mentor.post(f"/relationships/{pair.pk}/agreement/{first.pk}/sign/")
    assert selectors.agreement_in_force(pair) == first
    mentor.post(f"/relationships/{pair.pk}/agreement/", TERMS | {"cadence": "weekly"})
    second = selectors.agreement_current(pair)
    assert second is not None and second.version == 2 and not second.is_signed
    assert selectors.agreement_in_force(pair) == first  # the signed version still binds
    page = mentee.get(f"/relationships/{pair.pk}/sections/agreement/").content.decode()
    assert "What changed since version 1" in page and "Every two weeks → Weekly" in page
    with pytest.raises(Conflict):  # an old version cannot be signed any more
        services.agreement_sign(actor=world.owner, relationship=pair, agreement_id=first.pk)


def test_agreement_form_prefills_from_profiles_and_refuses_bad_input(
    world: World, pair: Relationship
) -> None:
    from kindred.profiles.models import Profile

    Profile.objects.filter(user=world.owner).update(quiet_hours={"start": "22:00", "end": "07:00"})
    page = client_for(world.owner).get(f"/relationships/{pair.pk}/agreement/").content.decode()
    assert "Quiet hours 22:00-07:00" in page
    bad = client_for(world.owner).post(
        f"/relationships/{pair.pk}/agreement/", TERMS | {"video_link": "", "objectives": ""}
    )
    assert bad.status_code == 200 and not Agreement.objects.exists()


def test_lifecycle_and_history(world: World, pair: Relationship) -> None:
    client = client_for(world.owner)
    client.post(f"/relationships/{pair.pk}/status/", {"to": "paused", "note": "Parental leave"})
    client.post(f"/relationships/{pair.pk}/status/", {"to": "active"})
    client_for(world.manager).post(
        f"/relationships/{pair.pk}/status/", {"to": "ended_early", "note": "Moved on"}
    )
    pair.refresh_from_db()
    assert (pair.status, pair.ended_by, pair.end_reason) == (
        "ended_early",
        world.manager,
        "Moved on",
    )
    assert [e.to_status for e in pair.events.all()] == ["active", "paused", "active", "ended_early"]
    with pytest.raises(Conflict):
        services.relationship_change_status(actor=world.owner, relationship=pair, to="active")


def test_only_the_pair_drafts_and_signs(world: World, pair: Relationship) -> None:
    with pytest.raises(Forbidden):
        services.agreement_save_draft(actor=world.manager, relationship=pair, terms={})


@pytest.mark.parametrize("actor", ["participant", "outsider", "manager", "other_manager", "admin"])
def test_only_the_pair_signs(world: World, pair: Relationship, actor: str) -> None:
    agreement = services.agreement_save_draft(
        actor=world.owner,
        relationship=pair,
        terms={
            n: v
            for n, v in {
                **TERMS,
                "sync_channels": ["video"],
                "async_channels": ["email"],
                "session_minutes": 45,
                "reply_within_hours": 48,
            }.items()
            if n in Agreement.TERMS
        },
    )
    response = client_for(world.actors()[actor]).post(
        f"/relationships/{pair.pk}/agreement/{agreement.pk}/sign/"
    )
    assert response.status_code in (403, 404)
    agreement.refresh_from_db()
    assert agreement.mentor_signed_at is None and agreement.mentee_signed_at is None
    assert api_client_for(None).get(f"/relationships/{pair.pk}/").status_code == 302


def test_an_agreement_of_another_relationship_is_not_found_and_not_signed(world: World) -> None:
    """Signing through the URL of a relationship the person is in, with the
    id of another pair's agreement, answers 404 and writes nothing
    (issue 20, finding 14)."""
    with transaction.atomic():
        mine = services.relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
        theirs = services.relationship_start(
            programme=world.programme,
            mentor=world.partner,
            mentee=world.participant,
            source="matching",
        )
    foreign = services.agreement_save_draft(
        actor=world.participant, relationship=theirs, terms=selectors.agreement_defaults(theirs)
    )
    for person in (world.owner, world.partner):
        response = client_for(person).post(f"/relationships/{mine.pk}/agreement/{foreign.pk}/sign/")
        assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.mentor_signed_at is None and foreign.mentee_signed_at is None


@pytest.mark.parametrize(
    "link", ["ftp://files.example/room", "http://meet.example/room", "javascript:alert(1)"]
)
def test_the_video_link_is_https_only(world: World, link: str) -> None:
    """(issue 20, finding 16)"""
    with transaction.atomic():
        pair = services.relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    terms = selectors.agreement_defaults(pair) | {"video_link": link}
    with pytest.raises(InvalidInput) as caught:
        services.agreement_save_draft(actor=world.owner, relationship=pair, terms=terms)
    assert caught.value.errors[0]["field"] == "video_link"
    assert not Agreement.objects.filter(relationship=pair).exists()
    good = terms | {"video_link": "https://meet.example/room"}
    saved = services.agreement_save_draft(actor=world.owner, relationship=pair, terms=good)
    assert saved.video_link == "https://meet.example/room"


def test_a_manager_changes_a_role_but_not_inside_a_running_pair(
    world: World, pair: Relationship
) -> None:
    from kindred.programs.models import Membership

    client = client_for(world.manager)
    participant = Membership.objects.get(programme=world.programme, user=world.participant)
    response = client.post(
        f"/programmes/alpha/participants/{participant.pk}/role/",
        {"role": "mentor", "back": "q=pia&page=1"},
    )
    assert response["Location"] == (
        f"/programmes/alpha/participants/?q=pia&page=1#member-{participant.pk}"
    )
    participant.refresh_from_db()
    assert participant.role == "mentor"
    owner = Membership.objects.get(programme=world.programme, user=world.owner)
    page = client.post(
        f"/programmes/alpha/participants/{owner.pk}/role/", {"role": "mentor"}, follow=True
    )
    assert "is in a running relationship in this programme" in page.content.decode()
    owner.refresh_from_db()
    assert owner.role == "mentee"
    assert (
        client.post(
            f"/programmes/alpha/participants/{owner.pk}/role/", {"role": "boss"}
        ).status_code
        == 422
    )


def test_the_history_reads_in_the_readers_language() -> None:
    from django.utils import translation

    from kindred.identity.services import LEFT_ORGANISATION
    from kindred.relationships.models import RelationshipEvent

    left = RelationshipEvent(from_status="active", to_status="ended_early", note=LEFT_ORGANISATION)
    own = RelationshipEvent(from_status="", to_status="active", note="We agreed to start slowly")
    with translation.override("de"):
        assert (left.from_words, left.to_words, left.note_words) == (
            "Aktiv",
            "Vorzeitig beendet",
            "Hat die Organisation verlassen.",
        )
        assert (own.from_words, own.note_words) == ("begonnen", "We agreed to start slowly")
        begun = RelationshipEvent(from_status="", to_status="active", note="request")
        assert begun.note_words == "Anfrage des Mentees"


def test_what_changed_between_versions_reads_in_the_readers_language(
    world: World, pair: Relationship
) -> None:
    from django.utils import translation

    terms = selectors.agreement_defaults(pair) | {"sync_channels": ["video"], "video_link": ""}
    terms["video_link"] = "https://meet.example/room"
    first = services.agreement_save_draft(actor=world.owner, relationship=pair, terms=terms)
    for person in (world.owner, world.partner):  # signed: a change is a new version
        services.agreement_sign(actor=person, relationship=pair, agreement_id=first.pk)
    changed = terms | {"cadence": "monthly", "session_minutes": 60, "sync_channels": ["phone"]}
    second = services.agreement_save_draft(actor=world.owner, relationship=pair, terms=changed)
    with translation.override("de"):
        found = {
            term: (before, after) for term, before, after in selectors.agreement_changes(second)
        }
    assert found["Dauer der Sitzung"][1] == "60 Minuten"
    assert found["Wege, sich live zu treffen"] == ("Videoanruf", "Telefon")
    assert found["Wie oft Sie sich treffen"][1] == "Monatlich"
