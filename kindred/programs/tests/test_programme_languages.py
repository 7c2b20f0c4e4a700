"""A programme's own texts (description, goals, invitation note, its own
conversation questions, its notes on modules) given in other languages:
each reader sees their own language, else the programme's original."""

from __future__ import annotations

import pytest
from django.utils import translation

from kindred.conftest import World, client_for, page_words
from kindred.development.models import ProgrammeModule
from kindred.development.services import programme_modules_set
from kindred.guides.models import Question
from kindred.guides.services import question_add
from kindred.lib.errors import InvalidInput
from kindred.lib.languages import reader_text
from kindred.lib.programme_texts import save_translations, texts_of
from kindred.notifications.models import Notification
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship

MODULE = "trust"


def written(world: World) -> tuple[Programme, Question]:
    programme = world.programme
    programme.description = "Grow as a leader of a remote team."
    programme.goals = "Every pair meets twice a month."
    programme.invitation_note = "Ask Maya if anything is unclear."
    programme.save()
    question = question_add(
        actor=world.manager,
        programme=programme,
        text="What does a good week look like?",
        level=1,
        tags=[],
    )
    programme_modules_set(
        actor=world.manager,
        programme=programme,
        settings={MODULE: {"requirement": "", "required_of": "mentors", "note": "Listen first."}},
    )
    return programme, question


def in_french(question: Question) -> dict[str, str]:
    return {
        "programme-description": "Progresser comme responsable d'une équipe à distance.",
        "programme-goals": "Chaque binôme se voit deux fois par mois.",
        "programme-invitation_note": "Demandez à Maya en cas de doute.",
        f"question-{question.pk}": "À quoi ressemble une bonne semaine ?",
        f"module-{MODULE}": "Écoutez d'abord.",
    }


def test_a_reader_sees_their_language_else_the_original() -> None:
    given = {"fr": "Bonjour", "pt-br": "Olá", "de": "  "}
    assert reader_text("Hello", given, "fr") == "Bonjour"
    assert reader_text("Hello", given, "fr-CA") == "Bonjour"  # the language, not the region
    assert reader_text("Hello", given, "pt-BR") == "Olá"
    assert reader_text("Hello", given, "de") == "Hello"  # blank is not given
    assert reader_text("Hello", given, "ja") == "Hello"
    with translation.override("fr"):
        assert reader_text("Hello", given) == "Bonjour"


def test_a_manager_gives_every_text_in_french_on_one_page(world: World) -> None:
    programme, question = written(world)
    manager = client_for(world.manager)
    listing = manager.get("/programmes/alpha/languages/").content
    assert "Français 0 of 5" in page_words(listing) and "Deutsch 0 of 5" in page_words(listing)
    table = listing[listing.index(b"<table") : listing.index(b"</table>")]
    assert b'lang="fr"' in table and b'lang="en-gb"' not in table  # not its own language
    page = manager.get("/programmes/alpha/languages/fr/").content.decode()
    assert "What does a good week look like?" in page and "Listen first." in page
    response = manager.post("/programmes/alpha/languages/fr/", in_french(question))
    assert response.status_code == 302
    assert "Français 5 of 5" in page_words(manager.get("/programmes/alpha/languages/").content)
    programme.refresh_from_db()
    assert programme.translations["fr"]["goals"] == "Chaque binôme se voit deux fois par mois."
    with translation.override("fr"):
        assert Question.objects.get(pk=question.pk).reader_text.startswith("À quoi")
        assert ProgrammeModule.objects.get(module=MODULE).reader_note == "Écoutez d'abord."
    # Emptied, a translation is gone and French readers see the original.
    manager.post("/programmes/alpha/languages/fr/", {**in_french(question), "programme-goals": ""})
    programme.refresh_from_db()
    assert "goals" not in programme.translations["fr"]
    with translation.override("fr"):
        assert programme.reader_goals == "Every pair meets twice a month."


def test_each_participant_reads_the_programme_in_their_own_language(world: World) -> None:
    programme, question = written(world)
    save_translations(
        actor=world.manager, programme=programme, language="fr", texts=in_french(question)
    )
    world.owner.language = "fr"
    world.owner.save()
    world.participant.language = "de"
    world.participant.save()
    french = page_words(client_for(world.owner).get("/programmes/alpha/").content)
    german = page_words(client_for(world.participant).get("/programmes/alpha/").content)
    assert "Progresser comme responsable" in french and "Grow as a leader" not in french
    assert "Grow as a leader" in german  # no German given: the original
    module = page_words(client_for(world.owner).get(f"/develop/modules/{MODULE}/").content)
    assert "Écoutez d'abord." in module


def test_a_pair_reads_the_programme_question_each_in_their_own_language(
    world: World, pair: Relationship
) -> None:
    programme, question = written(world)
    save_translations(
        actor=world.manager, programme=programme, language="fr", texts=in_french(question)
    )
    world.owner.language = "fr"
    world.owner.save()
    # Which questions a pair is offered is shuffled by the pair's key; with
    # the rest of the bank retired, this one is offered whatever the key.
    Question.objects.exclude(pk=question.pk).update(retired=True)
    url = f"/relationships/{pair.pk}/guide/"
    assert "À quoi ressemble une bonne semaine" in page_words(
        client_for(world.owner).get(url).content
    )
    assert "What does a good week look like?" in page_words(
        client_for(world.partner).get(url).content
    )


def test_the_invitation_speaks_the_invitees_language_else_the_programmes(world: World) -> None:
    programme, question = written(world)
    save_translations(
        actor=world.manager, programme=programme, language="fr", texts=in_french(question)
    )
    manager = client_for(world.manager)
    manager.post(
        "/programmes/alpha/invitations/email/", {"emails": "ana@new.example", "role": "mentee"}
    )
    english = Notification.objects.get(address="ana@new.example")
    assert "Ask Maya if anything is unclear." in english.body
    assert english.subject == "You are invited to Alpha Programme"
    # A programme written in French invites a new address in French.
    Programme.objects.filter(pk=programme.pk).update(language="fr")
    programme.translations = {"en-gb": {"invitation_note": "Ask Maya."}}
    programme.save(update_fields=["translations"])
    manager.post(
        "/programmes/alpha/invitations/email/", {"emails": "ben@new.example", "role": "mentee"}
    )
    french = Notification.objects.get(address="ben@new.example")
    assert french.subject == "Vous êtes invité·e à Alpha Programme"
    assert "Ask Maya if anything is unclear." in french.body  # French reader: the original


def test_one_refused_text_saves_none(world: World) -> None:
    programme, question = written(world)
    texts = {**in_french(question), f"module-{MODULE}": "x" * 2001}
    with pytest.raises(InvalidInput) as refused:
        save_translations(actor=world.manager, programme=programme, language="fr", texts=texts)
    assert refused.value.errors[0]["field"] == f"module-{MODULE}"
    programme.refresh_from_db()
    assert programme.translations == {}
    assert Question.objects.get(pk=question.pk).translations == {}
    # The page says which text, and keeps nothing.
    response = client_for(world.manager).post(
        "/programmes/alpha/languages/fr/",
        {**in_french(question), f"question-{question.pk}": "?" * 301},
    )
    assert response.status_code == 200 and "300 characters" in response.content.decode()
    programme.refresh_from_db()
    assert programme.translations == {}


def test_another_programmes_texts_and_the_programmes_own_language_are_refused(
    world: World,
) -> None:
    programme, question = written(world)
    other = world.other_programme
    with pytest.raises(InvalidInput):  # not the other programme's question
        save_translations(
            actor=world.other_manager,
            programme=other,
            language="fr",
            texts={f"question-{question.pk}": "Volé"},
        )
    assert Question.objects.get(pk=question.pk).translations == {}
    manager = client_for(world.manager)
    assert manager.get("/programmes/alpha/languages/en-gb/").status_code == 404  # its own
    assert manager.get("/programmes/alpha/languages/xx/").status_code == 404
    with pytest.raises(InvalidInput):
        save_translations(actor=world.manager, programme=programme, language="en-gb", texts={})
    with pytest.raises(InvalidInput):  # no app holds such a text
        save_translations(
            actor=world.manager, programme=programme, language="fr", texts={"salary-1": "x"}
        )


def test_the_languages_page_lists_every_apps_texts(world: World) -> None:
    programme, question = written(world)
    keys = [text.key for text in texts_of(programme)]
    assert keys == [
        "programme-description",
        "programme-goals",
        "programme-invitation_note",
        f"question-{question.pk}",
        f"module-{MODULE}",
    ]
    question.retired = True
    question.save()
    assert f"question-{question.pk}" not in [text.key for text in texts_of(programme)]


def test_the_api_gives_the_original_and_each_language_given(world: World) -> None:
    from kindred.conftest import api_client_for

    programme, question = written(world)
    save_translations(
        actor=world.manager, programme=programme, language="fr", texts=in_french(question)
    )
    save_translations(
        actor=world.manager,
        programme=programme,
        language="de",
        texts={"programme-invitation_note": "Fragen Sie Maya."},
    )
    shown = api_client_for(world.participant).get(f"/api/v1/programmes/{programme.slug}").json()
    assert shown["language"] == programme.language
    assert shown["description"] == "Grow as a leader of a remote team."
    assert shown["translations"] == {
        "fr": {
            "description": "Progresser comme responsable d'une équipe à distance.",
            "goals": "Chaque binôme se voit deux fois par mois.",
        }
    }  # the invitation note stays on invitations; German gave nothing shown here
