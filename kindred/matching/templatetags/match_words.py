from __future__ import annotations

from django import template

from kindred.matching.review import strength
from kindred.matching.words import join_words, reason_text, trait_word

register = template.Library()
register.filter("strength", strength)
register.filter("reason", reason_text)
register.filter("trait", trait_word)
register.filter("join_list", join_words)


@register.filter
def join_traits(names: list[str]) -> str:
    """Traits as the engine names them, listed in the reader's language."""
    return join_words([trait_word(name) for name in names])
