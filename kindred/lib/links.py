"""Links that leave the site: in e-mails, calendar files and the links a
manager copies. Built from KINDRED_BASE_URL, the public address, never
from the request (which a forged Host header could change)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def absolute_url(viewname: str, *args: object) -> str:
    """The public address of a page."""
    return settings.KINDRED_BASE_URL + reverse(viewname, args=args)


def site_path(link: str) -> str:
    """The path (and query) of one of our own public addresses, to open it in
    the app on whatever host the person is using; "" for anything else, so
    an address built from other input never becomes a redirect elsewhere."""
    base = settings.KINDRED_BASE_URL
    if not link.startswith(base + "/"):
        return ""
    path = link[len(base) :]
    return path if url_has_allowed_host_and_scheme(path, allowed_hosts=None) else ""
