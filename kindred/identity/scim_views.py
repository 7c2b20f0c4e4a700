"""The SCIM 2.0 endpoints (kindred.identity.scim says what they carry)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from scim2_models import Context, EnterpriseUser
from scim2_models import Group as GroupModel
from scim2_models import User as UserModel

from kindred.accounts.models import User
from kindred.identity import services
from kindred.identity.models import ScimGroup, ScimPerson
from kindred.identity.scim import (
    CORE,
    ENTERPRISE,
    LIST,
    USER_FILTERS,
    Filters,
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
from kindred.identity.scim_groups import (
    GROUP,
    GROUP_FILTERS,
    group_patched,
    group_resource,
    group_values_from,
    values_of_group,
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


def _found(found: QuerySet[Any], scim_id: str, what: str) -> Any:
    item = found.filter(scim_id=as_scim_id(scim_id)).first()
    if item is None:
        raise ScimError(404, f"No such {what}.")
    return item


def _record(scim_id: str) -> ScimPerson:
    return _found(_people(), scim_id, "user")


def _created(body: dict[str, Any]) -> HttpResponse:
    response = respond(body, 201)
    response["Location"] = body["meta"]["location"]
    return response


@scim_view
def users(request: HttpRequest, actor: User) -> HttpResponse:
    if request.method == "GET":
        return _list(request, request.GET.dict())
    if request.method == "POST":
        created = services.scim_user_create(actor=actor, values=values_from(_body(request)))
        return _created(resource(request, created))
    raise ScimError(405, "Use GET or POST here.")


def _list(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    users = _filtered(_people(), query, USER_FILTERS)
    return _listing(query, [(users, lambda record: resource(request, record))])


Shown = Callable[[Any], dict[str, Any]]


def _listing(query: dict[str, Any], kinds: list[tuple[QuerySet[Any], Shown]]) -> HttpResponse:
    """One page of a ListResponse over one or more kinds of resource, in
    turn (RFC 7644 3.4.2.4: startIndex is 1-based)."""
    start, count = page_bounds(query)
    total, skip = 0, start - 1
    page: list[dict[str, Any]] = []
    for found, shown in kinds:
        size = found.count()
        total += size
        taken = list(found[skip : skip + count - len(page)]) if count > len(page) else []
        page += [projected(shown(item), query) for item in taken]
        skip = max(0, skip - size)
    return respond(
        {"schemas": [LIST], "totalResults": total, "startIndex": start,
         "itemsPerPage": len(page), "Resources": page}
    )  # fmt: skip


def _filtered(found: QuerySet[Any], query: dict[str, Any], fields: Filters) -> QuerySet[Any]:
    if not query.get("filter"):
        return found
    return found.filter(**filtered(str(query["filter"]), fields)).distinct()


def _search_query(request: HttpRequest) -> dict[str, Any]:
    if request.method != "POST":
        raise ScimError(405, "Use POST here.")
    body = _body(request)
    if not isinstance(body, dict):
        raise ScimError(400, "The body must be a JSON object.", "invalidSyntax")
    return {k: ",".join(v) if isinstance(v, list) else v for k, v in body.items()}


@scim_view
def search(request: HttpRequest, actor: User) -> HttpResponse:
    """POST /Users/.search: a query in the body (RFC 7644 3.4.3)."""
    return _list(request, _search_query(request))


@scim_view
def search_groups(request: HttpRequest, actor: User) -> HttpResponse:
    return _group_list(request, _search_query(request))


@scim_view
def search_all(request: HttpRequest, actor: User) -> HttpResponse:
    """POST /.search: users, then groups, that match (a filter only one
    kind understands finds only that kind)."""
    query = _search_query(request)
    users = _matching(_people(), query, USER_FILTERS)
    groups = _matching(_groups(), query, GROUP_FILTERS)
    kinds: list[tuple[QuerySet[Any], Shown]] = []
    if users is not None:
        kinds.append((users, lambda record: resource(request, record)))
    if groups is not None:
        kinds.append((groups, lambda group: group_resource(request, group)))
    if not kinds:
        filtered(str(query["filter"]))  # raises the error that names the filters
    return _listing(query, kinds)


def _matching(found: QuerySet[Any], query: dict[str, Any], fields: Filters) -> QuerySet[Any] | None:
    """`found` filtered, or None when the filter is not one for this kind."""
    try:
        return _filtered(found, query, fields)
    except ScimError:
        return None


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


# --- groups ------------------------------------------------------------------


def _groups() -> QuerySet[ScimGroup]:
    return ScimGroup.objects.prefetch_related("members").order_by("created_at", "pk")


def _group(scim_id: str) -> ScimGroup:
    return _found(_groups(), scim_id, "group")


@scim_view
def groups(request: HttpRequest, actor: User) -> HttpResponse:
    if request.method == "GET":
        return _group_list(request, request.GET.dict())
    if request.method == "POST":
        made = services.scim_group_create(actor=actor, values=group_values_from(_body(request)))
        return _created(group_resource(request, _group(str(made.scim_id))))
    raise ScimError(405, "Use GET or POST here.")


def _group_list(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    found = _filtered(_groups(), query, GROUP_FILTERS)
    return _listing(query, [(found, lambda group: group_resource(request, group))])


@scim_view
def group(request: HttpRequest, actor: User, scim_id: str) -> HttpResponse:
    found = _group(scim_id)
    if request.method == "GET":
        return respond(projected(group_resource(request, found), request.GET.dict()))
    if request.method == "DELETE":
        services.scim_group_delete(actor=actor, group=found)
        return HttpResponse(status=204)
    if request.method == "PUT":
        values = group_values_from(_body(request))
    elif request.method == "PATCH":
        values = group_patched(values_of_group(found), _body(request))
    else:
        raise ScimError(405, "Use GET, PUT, PATCH or DELETE here.")
    services.scim_group_update(actor=actor, group=found, values=values)
    return respond(group_resource(request, _group(scim_id)))


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


def _resource_type(request: HttpRequest, name: str, schema: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": name,
        "name": name,
        "endpoint": f"/{name}s",
        "schema": schema,
        "meta": {
            "resourceType": "ResourceType",
            "location": request.build_absolute_uri(reverse("identity:scim_resource_types"))
            + f"/{name}",
        },
    }
    if name == "User":
        body["schemaExtensions"] = [{"schema": ENTERPRISE, "required": False}]
    return body


@scim_view
def resource_types(request: HttpRequest, actor: User, name: str = "") -> HttpResponse:
    _read_only(request)
    types = [_resource_type(request, "User", CORE), _resource_type(request, "Group", GROUP)]
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
    group = GroupModel.to_schema().model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    for attribute in group["attributes"]:
        if attribute["name"] == "members":
            attribute["subAttributes"] = [
                s for s in attribute["subAttributes"] if s["name"] in ("value", "$ref", "type")
            ]
    return [core, enterprise, group]


@scim_view
def schemas(request: HttpRequest, actor: User, name: str = "") -> HttpResponse:
    _read_only(request)
    found = _schemas()
    if name:
        return respond(_one(found, "id", name, "schema"))
    return _listed(found)
