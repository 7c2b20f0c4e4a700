from __future__ import annotations

import logging
import sys
from typing import TypeVar

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt

from kindred.lib.errors import NotFound

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30
UNAVAILABLE = gettext_noop(
    "Kindred cannot reach its database just now. Nothing was changed; please try again shortly."
)
log = logging.getLogger(__name__)
R = TypeVar("R", bound=HttpResponse)


def healthz(request: HttpRequest) -> JsonResponse:
    """For a supervisor: the process is alive and answers. It asks nothing
    of the database, so an outage there does not get healthy processes
    restarted; whether Kindred can serve is /readyz."""
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # An API caller asking for a path no operation has (say a word where an
    # id goes) gets the API's own error shape, not a web page.
    if request.path.startswith(API_PREFIX):
        return JsonResponse(NotFound.anything().as_payload(), status=404)
    return render(
        request,
        "error.html",
        {"status": 404, "message": _("We could not find that page.")},
        status=404,
    )


@csrf_exempt  # it changes nothing, and a refusal by CSRF would be a web page
def api_not_found(request: HttpRequest) -> HttpResponse:
    """Any path under the API that no operation has, whatever the method."""
    return JsonResponse(NotFound.anything().as_payload(), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _database_unreachable(sys.exc_info()[1]):
        return database_unavailable(request)
    return render(
        request,
        "error.html",
        {"status": 500, "message": _("Something went wrong on our side. Please try again.")},
        status=500,
    )


def _database_unreachable(error: BaseException | None) -> bool:
    """Whether the failure, or what caused it, is a lost database connection
    (a restart, a failover) rather than a fault in Kindred."""
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After. Drawn without the request's context, whose
    navigation and user would need the database that is missing."""
    if request.path.startswith(API_PREFIX):
        return _unavailable_json({"code": "unavailable", "detail": _(UNAVAILABLE)})
    page = render_to_string("error.html", {"status": 503, "message": _(UNAVAILABLE)})
    return retry_later(HttpResponse(page, status=503))


def _unavailable_json(payload: dict[str, object]) -> JsonResponse:
    return retry_later(JsonResponse(payload, status=503))


def retry_later(response: R) -> R:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
