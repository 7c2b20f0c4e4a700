"""Links that leave the site: in e-mails, calendar files and the links a
manager copies. Built from KINDRED_BASE_URL, the public address, never
from the request (which a forged Host header could change)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args: object) -> str:
    """The public address of a page."""
    return settings.KINDRED_BASE_URL + reverse(viewname, args=args)
