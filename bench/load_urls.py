"""Kindred's routes plus a bare view: the ceiling the load benchmark
compares Kindred's pages with (the whole middleware stack, no database)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), path("", include("kindred.urls"))]
handler404 = "kindred.lib.views.not_found"
handler500 = "kindred.lib.views.server_error"
