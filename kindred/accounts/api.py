from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from kindred.accounts import data_rights
from kindred.accounts.schemas import MembershipOut, MeOut
from kindred.lib.http import authenticated_user
from kindred.programs.models import Membership
from kindred.programs.selectors import programmes_managed_by

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, summary="The signed-in person and their roles")
def me(request: HttpRequest) -> MeOut:
    user = authenticated_user(request)
    memberships = Membership.objects.filter(user=user).select_related("programme")
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        title=user.title,
        department=user.department,
        timezone=user.timezone,
        languages=user.languages,
        is_org_admin=user.is_org_admin,
        manages=list(programmes_managed_by(user).values_list("slug", flat=True)),
        memberships=[
            MembershipOut(programme=m.programme.slug, programme_name=m.programme.name, role=m.role)
            for m in memberships
        ],
    )


@router.get(
    "/me/export",
    response=dict[str, Any],
    summary="Everything Kindred holds about you",
    description="The same JSON as the web page's download; each read is in the audit log.",
)
def my_data(request: HttpRequest) -> dict[str, Any]:
    return data_rights.person_export(authenticated_user(request))
