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


API_AUTH = [PersonalTokenAuth(), SessionAuth()]
