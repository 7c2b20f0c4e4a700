"""The SCIM 2.0 endpoints (kindred.identity.scim says what they carry)."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from scim2_models import Context, EnterpriseUser
from scim2_models import User as UserModel

from kindred.accounts.models import User
from kindred.identity import services
from kindred.identity.models import ScimPerson
from kindred.identity.scim import (
    CORE,
    ENTERPRISE,
    LIST,
    ScimError,
    as_scim_id,
    filtered,
    page_bounds,
    patched,
    projected,
    resource,
    respond,
    scim_view,
    values_from,
    values_of,
)

# The attributes Kindred keeps, which is all the published schema offers.
CORE_ATTRIBUTES = {"userName", "name", "displayName", "title", "active", "emails"}
NAME_PARTS = {"formatted", "givenName", "familyName"}
ENTERPRISE_ATTRIBUTES = {"department", "manager"}


def _body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ScimError(400, "The body is not JSON.", "invalidSyntax") from exc


def _people() -> QuerySet[ScimPerson]:
    return ScimPerson.objects.select_related("user").order_by("created_at", "pk")


def _record(scim_id: str) -> ScimPerson:
    record = _people().filter(scim_id=as_scim_id(scim_id)).first()
    if record is None:
        raise ScimError(404, "No such user.")
    return record


@scim_view
def users(request: HttpRequest, actor: User) -> HttpResponse:
    if request.method == "GET":
        return _list(request, request.GET.dict())
    if request.method == "POST":
        created = services.scim_user_create(actor=actor, values=values_from(_body(request)))
        record = _record(str(created.scim_id))  # as it stands after any leave on creation
        response = respond(resource(request, record), 201)
        response["Location"] = resource(request, record)["meta"]["location"]
        return response
    raise ScimError(405, "Use GET or POST here.")


def _list(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    people = _people()
    if query.get("filter"):
        people = people.filter(**filtered(str(query["filter"])))
    start, count = page_bounds(query)
    page = list(people[start - 1 : start - 1 + count]) if count else []
    return respond(
        {
            "schemas": [LIST],
            "totalResults": people.count(),
            "startIndex": start,
            "itemsPerPage": len(page),
            "Resources": [projected(resource(request, record), query) for record in page],
        }
    )


@scim_view
def search(request: HttpRequest, actor: User) -> HttpResponse:
    """POST /Users/.search: a query in the body (RFC 7644 3.4.3)."""
    if request.method != "POST":
        raise ScimError(405, "Use POST here.")
    body = _body(request)
    if not isinstance(body, dict):
        raise ScimError(400, "The body must be a JSON object.", "invalidSyntax")
    query = {k: ",".join(v) if isinstance(v, list) else v for k, v in body.items()}
    return _list(request, query)


@scim_view
def user(request: HttpRequest, actor: User, scim_id: str) -> HttpResponse:
    record = _record(scim_id)
    if request.method == "GET":
        return respond(projected(resource(request, record), request.GET.dict()))
    if request.method == "PUT":
        values = values_from(_body(request), base=values_of(record))
    elif request.method == "PATCH":
        values = patched(values_of(record), _body(request))
    elif request.method == "DELETE":
        services.scim_user_delete(actor=actor, record=record)
        return HttpResponse(status=204)
    else:
        raise ScimError(405, "Use GET, PUT, PATCH or DELETE here.")
    record = services.scim_user_update(actor=actor, record=record, values=values)
    return respond(resource(request, _record(str(record.scim_id))))


# --- discovery ---------------------------------------------------------------


def _read_only(request: HttpRequest) -> None:
    if request.method != "GET":
        raise ScimError(405, "Discovery endpoints are read-only.")


@scim_view
def service_provider_config(request: HttpRequest, actor: User) -> HttpResponse:
    _read_only(request)
    return respond(
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": 200},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": [
                {
                    "type": "oauthbearertoken",
                    "name": "Bearer token",
                    "description": "A SCIM token an organisation admin issues in Kindred.",
                }
            ],
            "meta": {"resourceType": "ServiceProviderConfig"},
        }
    )


def _user_resource_type(request: HttpRequest) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "schema": CORE,
        "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
        "meta": {
            "resourceType": "ResourceType",
            "location": request.build_absolute_uri(reverse("identity:scim_resource_types"))
            + "/User",
        },
    }


@scim_view
def resource_types(request: HttpRequest, actor: User, name: str = "") -> HttpResponse:
    _read_only(request)
    types = [_user_resource_type(request)]
    if name:
        return respond(_one(types, "id", name, "resource type"))
    return _listed(types)


def _one(found: list[dict[str, Any]], key: str, value: str, what: str) -> dict[str, Any]:
    match = next((item for item in found if item[key] == value), None)
    if match is None:
        raise ScimError(404, f"No such {what}.")
    return match


def _listed(found: list[dict[str, Any]]) -> HttpResponse:
    return respond(
        {"schemas": [LIST], "totalResults": len(found), "startIndex": 1,
         "itemsPerPage": len(found), "Resources": found}
    )  # fmt: skip


@scim_view
def nothing_here(request: HttpRequest, actor: User, rest: str = "") -> HttpResponse:
    raise ScimError(404, "No such SCIM endpoint.")


def _schemas() -> list[dict[str, Any]]:
    core = UserModel.to_schema().model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    core["attributes"] = [a for a in core["attributes"] if a["name"] in CORE_ATTRIBUTES]
    for attribute in core["attributes"]:
        if attribute["name"] == "active":
            attribute["required"] = True  # an account is on or off, never neither
        if attribute["name"] == "emails":
            # Kindred knows people by an address: a userName that is none
            # (a bare employee ID) needs one here.
            attribute["required"] = True
            for sub in attribute.get("subAttributes", []):
                sub["required"] = sub["name"] == "value" or sub["required"]
        if attribute["name"] == "name":
            attribute["subAttributes"] = [
                s for s in attribute["subAttributes"] if s["name"] in NAME_PARTS
            ]
    enterprise = EnterpriseUser.to_schema().model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    enterprise["attributes"] = [
        a for a in enterprise["attributes"] if a["name"] in ENTERPRISE_ATTRIBUTES
    ]
    return [core, enterprise]


@scim_view
def schemas(request: HttpRequest, actor: User, name: str = "") -> HttpResponse:
    _read_only(request)
    found = _schemas()
    if name:
        return respond(_one(found, "id", name, "schema"))
    return _listed(found)
