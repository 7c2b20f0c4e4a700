"""Authentication for the JSON API: personal tokens (Bearer) for integrations,
or the browser session (with its CSRF check) for the web UI's own calls."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from kindred.accounts.services import api_token_authenticate


class PersonalTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            # Downstream code reads request.user like in any Django view.
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The web app's own session, CSRF-checked on writes. Without a session
    cookie there is nothing to check: the caller is simply unauthenticated
    (401), rather than told about CSRF when their token was wrong."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


API_AUTH = [PersonalTokenAuth(), BrowserSessionAuth()]
