from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kindred.lib.views import retry_later
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
