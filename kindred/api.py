"""The versioned JSON API: /api/v1, documented at /api/v1/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from kindred.accounts.api import router as accounts_router
from kindred.accounts.auth import API_AUTH
from kindred.lib.errors import DomainError
from kindred.matching.api import router as matching_router
from kindred.profiles.api import router as profiles_router
from kindred.programs.api import router as programs_router

api = NinjaAPI(
    title="Kindred API",
    version="1",
    description=(
        "Programmes, participants and deep-level profiles for HR systems and chat "
        "integrations. Authenticate with a personal token: `Authorization: Bearer knd_…`."
    ),
    auth=API_AUTH,
    urls_namespace="api-v1",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_payload(), status=exc.status)


api.add_router("", accounts_router)
api.add_router("", programs_router)
api.add_router("", profiles_router)
api.add_router("", matching_router)
