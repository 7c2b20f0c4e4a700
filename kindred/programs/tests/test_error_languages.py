"""What Kindred refuses, and why, is said in the reader's language: the
sentence and the action it names ("only this programme's managers may
invite people to it") are both translated when the refusal is raised."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from kindred.conftest import World, client_for
from kindred.lib.errors import Forbidden
from kindred.programs.policies import require_programme_manager
from kindred.programs.services.invitations import email_invitations_send


def test_a_refusal_names_the_action_in_the_readers_language(world: World) -> None:
    with translation.override("de"), pytest.raises(Forbidden) as refused:
        require_programme_manager(
            world.participant, world.programme, gettext_noop("invite people to it")
        )
    assert (
        str(refused.value)
        == "Nur die Verantwortlichen dieses Programms dürfen Personen dazu einladen."
    )
    with translation.override("en-gb"), pytest.raises(Forbidden) as refused:
        email_invitations_send(
            actor=world.participant, programme=world.programme, emails=["a@b.example"],
            role="mentee",
        )  # fmt: skip
    assert str(refused.value) == "Only this programme's managers invite people to it."


def test_a_participant_reads_the_refusal_in_their_own_language(world: World) -> None:
    world.participant.language = "fr"
    world.participant.save()
    response = client_for(world.participant).post(
        "/programmes/alpha/invitations/email/", {"emails": "a@b.example", "role": "mentee"}
    )
    assert response.status_code == 403
    assert "Seuls les responsables de ce programme" in response.content.decode()
