from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

# The pages the base layout links to on every signed-in page.
NAVIGATION = (
    "home",
    "programs:list",
    "matching:mine",
    "practice:home",
    "profiles:mine",
    "accounts:tokens",
    "audit:log",
    "admin:index",
    "accounts:logout",
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The addresses the base layout links to, as `nav.<name>` with the
    colon made an underscore (`nav.programs_list`). They take no arguments,
    so they are worked out once per URL prefix instead of on every page:
    reversing them was two fifths of the cost of drawing the layout."""
    return {"nav": _addresses(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)}


@cache
def _addresses(prefix: str, urlconf: str) -> dict[str, str]:
    # Called under that prefix and URLconf, which reverse() reads for itself.
    return {name.replace(":", "_"): reverse(name) for name in NAVIGATION}
