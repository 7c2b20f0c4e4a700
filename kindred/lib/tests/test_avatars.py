from __future__ import annotations

from types import SimpleNamespace

from kindred.lib.templatetags.people import avatar, initials


def test_initials_read_first_and_last_names() -> None:
    assert initials("Ananya Iyer") == "AI"
    assert initials("Jean-Luc Picard") == "JP"
    assert initials("Cher") == "C"
    assert initials("  ") == "?" and initials("42") == "?"


def test_the_colour_is_the_persons_own_and_hidden_from_screen_readers() -> None:
    one = avatar(SimpleNamespace(pk=7, display_name="Olu Owner"))
    renamed = avatar(SimpleNamespace(pk=7, display_name="Olu Renamed"))
    assert one.split('">')[0] == renamed.split('">')[0]  # same shade after a rename
    assert 'aria-hidden="true"' in one and ">OO<" in one
    assert "<script" not in avatar(SimpleNamespace(pk=1, display_name="<script>x</script>"))
