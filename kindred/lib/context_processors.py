from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs to draw the navigation for the person's roles."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav_is_admin": user.is_org_admin,
        "nav_manages": user.runs_programmes,
    }
