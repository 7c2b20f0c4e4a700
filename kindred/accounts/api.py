from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from kindred.accounts import data_rights
from kindred.lib.http import authenticated_user

router = Router(tags=["accounts"])


@router.get(
    "/me/export",
    response=dict[str, Any],
    summary="Everything Kindred holds about you",
    description="The same JSON as the web page's download; each read is in the audit log.",
)
def my_data(request: HttpRequest) -> dict[str, Any]:
    return data_rights.person_export(authenticated_user(request))
