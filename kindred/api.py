"""The versioned JSON API: /api/v1, documented at /api/v1/docs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from kindred.accounts.api import router as accounts_router
from kindred.accounts.auth import API_AUTH
from kindred.lib.errors import BadRequest, DomainError, InvalidInput, NotFound
from kindred.matching.api import router as matching_router
from kindred.profiles.api import router as profiles_router
from kindred.programs.api import router as programs_router


class ErrorOut(Schema):
    """Every error the API gives has this shape, whatever raised it."""

    code: str
    detail: str
    errors: list[dict[str, Any]] = []


# What any operation may answer besides its success: the caller is not
# signed in, may not do this, asks for what does not exist (or what they may
# not know exists), conflicts with the current state, sends invalid input,
# or does something faster than a person would.
ERROR_RESPONSES = {
    "400": "The body could not be read (not JSON, or not the expected form).",
    "401": "Not signed in: send a personal token or a session cookie.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such thing, or not one this caller may know about.",
    "409": "Conflicts with the current state; nothing changed.",
    "422": "Invalid input; nothing changed. `errors` says which field.",
    "429": "Too many requests of this kind; try again later.",
}


HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 429: "too_many"}


class UnreadableBody(ValueError):
    """A body that parses as JSON but that this API will not take; its
    message reaches the caller (ninja words every parse failure alike)."""


class UnstorableText(UnreadableBody):
    """Text in a readable body that no field takes: invalid input (422) at
    the place it sits, like any other field's error."""

    def __init__(self, field: str) -> None:
        super().__init__(UNSTORABLE_MESSAGE)
        self.field = field


class ObjectBodyParser(Parser):
    """Every JSON body this API takes is an object. Without this check a list
    or a bare value reaches a schema whose fields are all optional as "no
    fields given" and succeeds, which hides the caller's mistake."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        body = super().parse_body(request)
        if not isinstance(body, dict):
            raise UnreadableBody("the body must be a JSON object")
        for place, text in _strings(body, ""):
            if UNSTORABLE.search(text):
                raise UnstorableText(place)
        return body


# JSON can spell U+0000 and lone surrogates (\u0000, \ud800); no field
# takes them, PostgreSQL cannot store the first and UTF-8 cannot encode the
# second, so they are refused with the body rather than deep in a save.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "Text may not hold a NUL character or a lone surrogate."


def _strings(value: Any, place: str) -> Iterator[tuple[str, str]]:
    """Every string in a parsed JSON value, keys included, with where it sits
    ("boundaries.topics_off_limits.4")."""
    if isinstance(value, str):
        yield place, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield place, key
            yield from _strings(item, f"{place}.{key}" if place else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{place}.{index}" if place else str(index))


class KindredAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema()
        reference = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_RESPONSES.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": reference}},
                        },
                    )
        return schema


api = KindredAPI(
    title="Kindred API",
    version="1",
    description=(
        "Programmes, participants and deep-level profiles for HR systems and chat "
        "integrations. Authenticate with a personal token: `Authorization: Bearer knd_…`. "
        "No text in a request body may hold a NUL character (U+0000) or a lone surrogate: "
        "such a body is refused with 422, naming the field."
    ),
    auth=API_AUTH,
    urls_namespace="api-v1",
    docs_url="/docs",
    parser=ObjectBodyParser(),
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_payload(), status=exc.status)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field(error.get("loc", ())), "message": error["msg"]} for error in exc.errors
    ]
    detail = "; ".join(f"{e['field'] or 'request'}: {e['message']}" for e in errors)
    return api.create_response(
        request, {"code": "invalid", "detail": detail, "errors": errors}, status=422
    )


def _field(location: Any) -> str:
    """('body', 'payload', 'calling', 'calling') -> 'calling.calling': a body's
    location names the schema parameter too, which means nothing to a caller."""
    parts = [str(part) for part in location]
    skip = 2 if parts[:1] == ["body"] else 1
    return ".".join(parts[skip:])


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, UnstorableText):
        cause = exc.__cause__
        return domain_error(request, InvalidInput.on(cause.field, str(cause)))
    if isinstance(exc, AuthenticationError):
        detail = _("Sign in, or send a personal token: Authorization: Bearer knd_…")
    elif isinstance(exc.__cause__, UnreadableBody):
        detail = _("Cannot read the body: %(error)s.") % {"error": exc.__cause__}
    else:
        detail = str(exc)
    payload = {"code": HTTP_CODES.get(exc.status_code, "error"), "detail": detail}
    return api.create_response(request, payload, status=exc.status_code)


@api.exception_handler(MultiPartParserError)
def unreadable_upload(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return domain_error(
        request, BadRequest(_("The upload could not be read: %(error)s") % {"error": exc})
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return domain_error(request, NotFound.anything())


api.add_router("", accounts_router)
api.add_router("", programs_router)
api.add_router("", profiles_router)
api.add_router("", matching_router)
