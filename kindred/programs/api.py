from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from kindred.lib.errors import InvalidInput
from kindred.lib.http import authenticated_user, uploaded_file
from kindred.programs import selectors, services
from kindred.programs.models import Membership, Programme
from kindred.programs.schemas import (
    ImportResultOut,
    MembershipOut,
    MeOut,
    ParticipantOut,
    ParticipantPage,
    ParticipantQuery,
    ProgrammeOut,
)

IMPORT_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        }
    },
}

router = Router(tags=["programmes"])


@router.get("/programmes", response=list[ProgrammeOut], summary="Programmes you can see")
def programme_list(request: HttpRequest) -> list[Programme]:
    user = authenticated_user(request)
    return list(selectors.programmes_with_counts(selectors.programmes_visible_to(user)))


@router.get("/programmes/{slug}", response=ProgrammeOut)
def programme_detail(request: HttpRequest, slug: str) -> Programme:
    user = authenticated_user(request)
    programme = selectors.programme_for_viewer(user, slug)
    return selectors.programmes_with_counts(Programme.objects.filter(pk=programme.pk)).get()


@router.get(
    "/programmes/{slug}/participants",
    response=ParticipantPage,
    summary="Participants of a programme you manage",
)
def participant_list(
    request: HttpRequest, slug: str, filters: Query[ParticipantQuery]
) -> ParticipantPage:
    programme = selectors.programme_for_manager(authenticated_user(request), slug)
    memberships = selectors.participants(
        programme, search=filters.q, role=filters.role, intake=filters.intake
    )
    window = memberships[filters.offset : filters.offset + filters.limit]
    return ParticipantPage(
        count=memberships.count(),
        offset=filters.offset,
        limit=filters.limit,
        items=[
            ParticipantOut(
                id=m.user.pk,
                email=m.user.email,
                full_name=m.user.full_name,
                title=m.user.title,
                level=m.user.level,
                department=m.user.department,
                location=m.user.location,
                timezone=m.user.timezone,
                role=m.role,
                intake_complete=bool(
                    getattr(m.user, "profile", None) and m.user.profile.intake_complete
                ),
            )
            for m in window
        ],
    )


@router.post(
    "/programmes/{slug}/import",
    response=ImportResultOut,
    summary="Import people from an HR export (CSV); all rows or none",
    description=(
        "On any invalid row nothing is written and the answer is 422 with "
        "`errors`: a list of {line, column, message}."
    ),
    openapi_extra={"requestBody": IMPORT_BODY},
)
def people_import(request: HttpRequest, slug: str) -> services.ImportSummary:
    # The file is read only after the caller is known to manage the
    # programme: a malformed upload from anyone else is refused unread.
    user = authenticated_user(request)
    programme = selectors.programme_for_manager(user, slug)
    upload = uploaded_file(request, "file")
    if (upload.size or 0) > settings.KINDRED_IMPORT_MAX_BYTES:
        raise InvalidInput(_("The file is larger than 8 MB; split it into parts."))
    return services.people_import(
        actor=user, programme=programme, data=upload.read(), filename=upload.name or ""
    )


@router.get(
    "/me", response=MeOut, summary="The signed-in person and their roles", tags=["accounts"]
)
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
        manages=list(selectors.programmes_managed_by(user).values_list("slug", flat=True)),
        memberships=[
            MembershipOut(programme=m.programme.slug, programme_name=m.programme.name, role=m.role)
            for m in memberships
        ],
    )
