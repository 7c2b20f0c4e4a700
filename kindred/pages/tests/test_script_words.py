"""What the page's script says (copied, marked free, could not be reached,
the passkey was not used) is in the reader's language: kindred.js reads
its words from the page rather than carrying English of its own."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from kindred.conftest import World, client_for

SCRIPT = Path(settings.BASE_DIR) / "kindred" / "static" / "kindred" / "js" / "kindred.js"


class ScriptWords(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if dict(attrs).get("id") == "script-words":
            self.found = dict(attrs)


def words_on(html: bytes) -> dict[str, str]:
    parser = ScriptWords()
    parser.feed(html.decode())
    holder = parser.found
    assert holder is not None and "hidden" in holder
    return {name: value or "" for name, value in holder.items() if name.startswith("data-")}


def dataset_key(attribute: str) -> str:
    """data-copied-announce -> copiedAnnounce, as the browser's dataset names it."""
    first, *rest = attribute.removeprefix("data-").split("-")
    return first + "".join(part.title() for part in rest)


def test_every_word_the_script_says_is_given_by_the_page(world: World) -> None:
    said = set(re.findall(r'say\("(\w+)"', SCRIPT.read_text()))
    given = {dataset_key(name) for name in words_on(client_for(world.owner).get("/").content)}
    assert said and said == given


def test_a_french_reader_gets_the_scripts_words_in_french(world: World) -> None:
    world.owner.language = "fr"
    world.owner.save()
    french = words_on(client_for(world.owner).get("/").content)
    english = words_on(client_for(world.partner).get("/").content)
    assert english["data-copied-announce"] == "Copied to the clipboard."
    for name, text in french.items():
        assert text and text != english[name], name
    # The slot a sentence names survives its translation.
    assert "{slot}" in french["data-marked-free"] and "{slot}" in french["data-cleared"]


def test_an_arabic_reader_and_an_anonymous_one_get_them_too(world: World) -> None:
    world.owner.language = "ar"
    world.owner.save()
    arabic = words_on(client_for(world.owner).get("/").content)
    assert arabic["data-failed"] != "That did not work. Please try again."
    anonymous = client_for(None).get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ja")
    assert words_on(anonymous.content)["data-went-wrong"] != "Something went wrong."
