from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from kindred.lib.metrics import registry as counted_registry
from kindred.lib.ratelimit import client_address
from kindred.lib.views import retry_later
from kindred.operations.metrics import DatabaseCollector
from kindred.operations.readiness import readiness


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 when this Kindred can serve, else 503 with
    the checks that failed (JSON; no addresses, names or secrets)."""
    checks = readiness()
    ready = all(check.ok for check in checks.values())
    payload = {
        "status": "ok" if ready else "unavailable",
        "checks": {name: check.as_dict() for name, check in checks.items()},
    }
    return JsonResponse(payload) if ready else retry_later(JsonResponse(payload, status=503))


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """For Prometheus: what every process counted, and the queues as they
    stand. Off unless a token or addresses are set; never for anyone else."""
    if not (settings.METRICS_TOKEN or settings.METRICS_ALLOWED_ADDRESSES):
        raise Http404
    if not scraper_allowed(request):
        return HttpResponse("Not allowed.\n", status=403, content_type="text/plain")
    measured = generate_latest(counted_registry()) + generate_latest(database_registry())
    return HttpResponse(measured, content_type=CONTENT_TYPE_LATEST)


def scraper_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    return client_address(request) in settings.METRICS_ALLOWED_ADDRESSES


def database_registry() -> CollectorRegistry:
    found = CollectorRegistry(auto_describe=False)
    found.register(DatabaseCollector())
    return found
