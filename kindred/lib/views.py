from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kindred.lib.errors import NotFound

API_PREFIX = "/api/"


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # An API caller asking for a path no operation has (say a word where an
    # id goes) gets the API's own error shape, not a web page.
    if request.path.startswith(API_PREFIX):
        return JsonResponse(NotFound.anything().as_payload(), status=404)
    return render(
        request,
        "error.html",
        {"status": 404, "message": "We could not find that page."},
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "error.html",
        {"status": 500, "message": "Something went wrong on our side. Please try again."},
        status=500,
    )
