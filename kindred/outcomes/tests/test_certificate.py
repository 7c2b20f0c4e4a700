"""A participant's certificate: a PDF of what they did, for them alone,
never with anything their partner said."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import transaction
from pypdf import PdfReader

from kindred.conftest import World, client_for, make_meeting
from kindred.development.models import ModuleProgress
from kindred.messaging.models import Message
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start


@pytest.fixture
def pair(world: World) -> Relationship:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    start = dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC)
    for week in range(3):
        make_meeting(pair, start + dt.timedelta(weeks=2 * week), status="held")
    make_meeting(pair, start + dt.timedelta(weeks=7), status="held", absent=world.owner)
    ModuleProgress.objects.create(person=world.owner, module="trust", completed_at=start)
    Message.objects.create(
        relationship=pair, sender=world.partner, body="A partner's private words"
    )
    return pair


def text_of(response: object) -> str:
    data = response.content  # type: ignore[attr-defined]
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_certificate_says_what_they_did_and_nothing_of_their_partner(
    world: World, pair: Relationship
) -> None:
    response = client_for(world.owner).get(f"/programmes/{world.programme.slug}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="alpha-certificate.pdf"'
    text = " ".join(text_of(response).split())
    assert "Certificate of participation" in text and "Olu Owner" in text
    assert "3 mentoring meetings held" in text  # the one they missed is not theirs
    assert "1 practice module completed" in text and "as a mentee." in text
    assert "private words" not in text and "Pat Partner" not in text
    mentor = " ".join(text_of(client_for(world.partner).get(
        f"/programmes/{world.programme.slug}/certificate.pdf")).split())  # fmt: skip
    assert "4 mentoring meetings held" in mentor and "as a mentor." in mentor


def test_the_certificate_reads_in_their_language(world: World, pair: Relationship) -> None:
    world.owner.language = "de"
    world.owner.save()
    response = client_for(world.owner).get(f"/programmes/{world.programme.slug}/certificate.pdf")
    assert "Certificate of participation" not in text_of(response)


def test_only_someone_who_took_part_has_one(world: World, pair: Relationship) -> None:
    url = f"/programmes/{world.programme.slug}/certificate.pdf"
    for someone in (world.participant, world.manager, world.admin, world.other_manager):
        assert client_for(someone).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
