"""Kindred's metrics for Prometheus (prometheus-client).

Counted in the process where they happen: request latency and status by
route (the URL pattern, never the path: no ids, no names), e-mails sent
and failed, matching runs' durations. With gunicorn's several processes
and the workers, set `PROMETHEUS_MULTIPROC_DIR` to one empty folder for
all of them (deploy/kindred.env): each process writes its counts there
and the endpoint adds them up. What lives in the database (the outbox and
task queue) is read when the endpoint is asked (kindred.operations)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.registry import REGISTRY

from kindred.lib.logs import route_of

# Buckets from a cached page (a few ms) to a slow report (tens of seconds).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUEST_SECONDS = Histogram(
    "kindred_http_request_duration_seconds",
    "Time to answer a request, by route and method.",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
)
RESPONSES = Counter(
    "kindred_http_responses",
    "Responses by route, method and status code.",
    ["route", "method", "status"],
)
EMAILS_SENT = Counter("kindred_emails_sent", "E-mails handed to the SMTP server.")
EMAILS_FAILED = Counter(
    "kindred_emails_failed",
    "E-mail attempts that failed, by whether they will be tried again.",
    ["final"],
)
MATCHING_RUN_SECONDS = Histogram(
    "kindred_matching_run_duration_seconds",
    "How long a matching run took, by the programme's format and how it ended.",
    ["format", "outcome"],
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)


def method_of(request: HttpRequest) -> str:
    # Anyone may send any word as a method: each would be a series of its own.
    method = request.method or "GET"
    return method if method in KNOWN_METHODS else "other"


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        route, method = route_of(request), method_of(request)
        REQUEST_SECONDS.labels(route, method).observe(time.perf_counter() - started)
        RESPONSES.labels(route, method, str(response.status_code)).inc()
        return response


@contextmanager
def timed(histogram: Histogram, **labels: str) -> Iterator[None]:
    """Observe how long the block took, labelled with how it ended."""
    started, outcome = time.perf_counter(), "failed"
    try:
        yield
        outcome = "done"
    finally:
        histogram.labels(outcome=outcome, **labels).observe(time.perf_counter() - started)


def registry() -> CollectorRegistry:
    """What this process counted, or with several processes what all of
    them counted (the multiprocess folder)."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    gathered = CollectorRegistry()
    multiprocess.MultiProcessCollector(gathered)
    return gathered
