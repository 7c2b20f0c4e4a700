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
    "officehours:index",
    "practice:home",
    "profiles:mine",
    "notifications:centre",
    "audit:log",
    "admin:index",
    "identity:sign_out",
    "identity:providers",
    "accounts:language",
)

# Which menu item a page belongs to: by view name first, then by app. One
# item is current at most (the Develop pages' view is also named "home").
SECTIONS_BY_VIEW = {
    "home": "home",
    "pages:programme": "programmes",
    "practice:programme_modules": "programmes",
    "pages:relationship": "matches",
    "matching:manage": "programmes",
    "matching:run": "programmes",
    "matching:swap": "programmes",
    "notifications:centre": "notifications",
    "accounts:language": "profile",
    "notifications:detail": "notifications",
    "notifications:preferences": "profile",
    "accounts:tokens": "profile",
    "accounts:my_data": "profile",
}
SECTIONS_BY_APP = {
    "programs": "programmes",
    "matching": "matches",
    "relationships": "matches",
    "meetings": "matches",
    "messaging": "matches",
    "commitments": "matches",
    "guides": "matches",
    "projects": "matches",
    "circles": "matches",
    "officehours": "office-hours",
    "practice": "develop",
    "profiles": "profile",
    "audit": "audit",
    "identity": "programmes",
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The addresses the base layout links to, as `nav.<name>` with the
    colon made an underscore (`nav.programs_list`). They take no arguments,
    so they are worked out once per URL prefix instead of on every page:
    reversing them was two fifths of the cost of drawing the layout."""
    return {
        "nav": _addresses(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF),
        "nav_current": current_section(request),
    }


def current_section(request: HttpRequest) -> str:
    match = request.resolver_match
    if match is None:
        return ""
    return SECTIONS_BY_VIEW.get(match.view_name) or SECTIONS_BY_APP.get(match.app_name, "")


@cache
def _addresses(prefix: str, urlconf: str) -> dict[str, str]:
    # Called under that prefix and URLconf, which reverse() reads for itself.
    return {name.replace(":", "_"): reverse(name) for name in NAVIGATION}
