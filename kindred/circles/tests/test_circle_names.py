"""A circle is called by its number and its facilitator until someone
names it, worded in each reader's language; a name people give is theirs
in every language."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation

from kindred.accounts.services import language_set
from kindred.circles.services import circle_rename
from kindred.circles.tests.conftest import CircleWorld
from kindred.conftest import page_words


def test_a_formed_circle_is_named_in_each_readers_language(circle_world: CircleWorld) -> None:
    circle, facilitator = circle_world.circle, circle_world.facilitator
    named = {}
    for language in ("en", "de", "ar", "ja"):
        with translation.override(language):
            named[language] = circle.name
    assert named["en"] == f"Circle 1: {facilitator.display_name}"
    assert len(set(named.values())) == 4  # a word for "circle" in each
    assert all(facilitator.display_name in name for name in named.values())


def test_each_member_reads_the_circles_page_with_its_name_in_their_language(
    circle_world: CircleWorld,
) -> None:
    german, english = circle_world.members[1], circle_world.members[2]
    language_set(actor=german, language="de")
    url = reverse("circles:detail", args=[circle_world.circle.pk])
    pages = {}
    for person in (german, english):
        client = Client()
        client.force_login(person)
        pages[person.pk] = page_words(client.get(url).content)
    with translation.override("de"):
        in_german = circle_world.circle.name
    assert in_german in pages[german.pk] and "Circle 1:" not in pages[german.pk]
    assert "Circle 1:" in pages[english.pk]


def test_a_given_name_is_the_same_in_every_language(circle_world: CircleWorld) -> None:
    circle = circle_rename(
        actor=circle_world.facilitator, circle=circle_world.circle, name="The Navigators"
    )
    circle.refresh_from_db()
    for language in ("en", "de", "ar"):
        with translation.override(language):
            assert circle.name == "The Navigators"


def test_names_stored_in_english_before_become_a_number_and_a_facilitator(
    circle_world: CircleWorld,
) -> None:
    import importlib

    from django.apps import apps

    from kindred.circles.models import Circle

    migration = importlib.import_module(
        "kindred.circles.migrations.0006_circle_name_in_reader_language"
    )
    formed = circle_world.circle
    Circle.objects.filter(pk=formed.pk).update(given_name="Circle 3: Amara Okafor", number=0)
    named = Circle.objects.create(programme=formed.programme, given_name="The Navigators")
    migration.split_default_names(apps, None)
    formed.refresh_from_db()
    named.refresh_from_db()
    assert (formed.given_name, formed.number, formed.formed_around) == ("", 3, "Amara Okafor")
    assert (named.given_name, named.number) == ("The Navigators", 2)
