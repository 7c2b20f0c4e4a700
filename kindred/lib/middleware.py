from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kindred.lib.errors import BadRequest, DomainError
from kindred.lib.text import DIRECTION_CONTROLS_UTF8


class DomainErrorMiddleware:
    """Render domain errors raised by HTML views as a friendly page with the
    status the error carries (the API maps them itself)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, MultiPartParserError):  # a malformed upload: the sender's
            exception = BadRequest(
                _("The upload could not be read: %(error)s") % {"error": exception}
            )
        if not isinstance(exception, DomainError):
            return None
        return render(
            request,
            "error.html",
            {"status": exception.status, "message": exception.message, "errors": exception.errors},
            status=exception.status,
        )


class UserTimezoneMiddleware:
    """Show every date and time in the signed-in person's own IANA zone
    (inside, everything stays UTC)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone_name = getattr(request.user, "timezone", "") if request.user.is_authenticated else ""
        timezone.deactivate()
        # An unknown zone shows UTC rather than failing the page.
        with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
            if zone_name:
                timezone.activate(zoneinfo.ZoneInfo(zone_name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class LanguageResetMiddleware:
    """Outside the language middlewares: once the response is made, the
    thread returns to Kindred's default language, so what it does next (a
    task, a test) is in no one's language by accident."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            translation.deactivate()


class UserLanguageMiddleware:
    """Pages in the signed-in person's chosen language. Without a choice
    (and for anyone not signed in) the browser's, as LocaleMiddleware found
    it; the person's choice never depends on the device they use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if chosen:
            response.headers["Content-Language"] = chosen
        return response


class DirectionOverrideMiddleware:
    """No page carries an invisible text-direction control. People's text
    (a name, a file name, a message) with a right-to-left override would
    reorder what follows it on the page ("invoice‮fdp.exe" reads as
    "invoiceexe.pdf"); Kindred's own pages never need one (right-to-left
    scripts display by their letters), so they are taken out of every HTML
    page at the one place all pages pass. Names and titles refuse them at
    input too (kindred.lib.text)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and response.charset.lower().replace("-", "") == "utf8"
        ):
            # On the encoded page: a search of the bytes costs a tenth of
            # decoding it first, and every page pays it.
            cleaned = DIRECTION_CONTROLS_UTF8.sub(b"", response.content)
            if len(cleaned) != len(response.content):
                response.content = cleaned
                if response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(cleaned))
        return response
