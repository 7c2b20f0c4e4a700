"""SCIM 2.0 Groups (RFC 7643 4.2) in the shapes directories send them.

A group carries displayName, externalId and members (each a provisioned
user's SCIM id). Entra ID adds and removes members with PATCH operations
whose value lists them; Okta removes one with a filtered path
(`members[value eq "…"]`); both may replace displayName with or without a
path. What a group grants inside Kindred is set by an organisation admin
(kindred.identity.services.groups), never by the directory."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from kindred.identity.models import ScimGroup, ScimPerson
from kindred.identity.scim import (
    Filters,
    ScimError,
    as_object,
    as_scim_id,
    as_text,
    present,
)

GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"

GROUP_FILTERS: Filters = {
    "displayname": ("display_name__iexact", str),
    "externalid": ("external_id", str),
    "id": ("scim_id", as_scim_id),
    "members.value": ("members__scim_id", as_scim_id),
    "members": ("members__scim_id", as_scim_id),
}


@dataclass(frozen=True)
class GroupValues:
    """A group as the directory describes it: members are SCIM user ids."""

    display_name: str
    external_id: str = ""
    members: frozenset[str] = frozenset()


def values_of_group(group: ScimGroup) -> GroupValues:
    return GroupValues(
        display_name=group.display_name,
        external_id=group.external_id,
        members=frozenset(str(m.scim_id) for m in group.members.all()),
    )


def group_resource(request: HttpRequest, group: ScimGroup) -> dict[str, Any]:
    # value, $ref and type, as RFC 7643 8.7.1 gives them: a display name
    # would be Kindred's, not what the directory sent, so none is kept.
    members = [
        {
            "value": str(member.scim_id),
            "$ref": request.build_absolute_uri(
                reverse("identity:scim_user", args=[member.scim_id])
            ),
            "type": "User",
        }
        for member in group.members.all()
    ]
    return present(
        {
            "schemas": [GROUP],
            "id": str(group.scim_id),
            "externalId": group.external_id,
            "displayName": group.display_name,
            "members": members,
            "meta": {
                "resourceType": "Group",
                "created": group.created_at.isoformat(),
                "lastModified": group.updated_at.isoformat(),
                "location": request.build_absolute_uri(
                    reverse("identity:scim_group", args=[group.scim_id])
                ),
            },
        }
    )


def group_values_from(body: Any) -> GroupValues:
    """A POST or PUT body as values (a PUT replaces members too)."""
    values = GroupValues(display_name="")
    for key, value in as_object(body).items():
        values = _apply(values, key, value)
    return _checked(values)


def group_patched(values: GroupValues, body: Any) -> GroupValues:
    operations = as_object(body).get("Operations")
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "A PatchOp needs Operations.", "invalidSyntax")
    for operation in operations:
        values = _operate(values, as_object(operation))
    return _checked(values)


MEMBER_FILTER = re.compile(r'^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$', re.IGNORECASE)


def _operate(values: GroupValues, operation: dict[str, Any]) -> GroupValues:
    op = str(operation.get("op", "")).lower()
    path, value = str(operation.get("path") or ""), operation.get("value")
    if op not in ("add", "replace", "remove"):
        raise ScimError(400, f"Unknown op “{op}”.", "invalidSyntax")
    one_member = MEMBER_FILTER.match(path.strip())
    if one_member:  # Okta: remove members[value eq "id"]
        if op != "remove":
            raise ScimError(400, "Only remove may name one member by filter.", "invalidPath")
        return replace(values, members=values.members - {as_scim_id(one_member.group(1))})
    if path.lower() == "members":
        return _members_operation(values, op, value)
    if op == "remove":
        if not path:
            raise ScimError(400, "remove needs a path.", "noTarget")
        return _apply(values, path, None)
    if path:
        return _apply(values, path, value)
    for key, item in as_object(value).items():
        values = _apply(values, key, item) if key.lower() != "members" else (
            _members_operation(values, op, item)
        )  # fmt: skip
    return values


def _members_operation(values: GroupValues, op: str, value: Any) -> GroupValues:
    named = _member_ids(value) if value is not None else frozenset()
    if op == "add":
        return replace(values, members=values.members | named)
    if op == "replace":
        return replace(values, members=named)
    # remove: the members listed (Entra ID), or every member without a value
    return replace(values, members=values.members - named if value is not None else frozenset())


def _member_ids(value: Any) -> frozenset[str]:
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise ScimError(400, 'members is a list of {"value": id}.', "invalidValue")
    return frozenset(as_scim_id(as_object(item).get("value")) for item in value)


def _apply(values: GroupValues, path: str, value: Any) -> GroupValues:
    key = path.lower().removeprefix(GROUP.lower() + ":")
    if key == "displayname":
        return replace(values, display_name=as_text(value, 255))
    if key == "externalid":
        return replace(values, external_id=as_text(value, 255))
    if key == "members":
        return replace(values, members=_member_ids(value) if value is not None else frozenset())
    return values  # schemas, id, meta and what Kindred does not keep


def _checked(values: GroupValues) -> GroupValues:
    if not values.display_name:
        raise ScimError(400, "displayName is required.", "invalidValue")
    known = set(
        ScimPerson.objects.filter(scim_id__in=values.members).values_list("scim_id", flat=True)
    )
    unknown = values.members - {str(k) for k in known}
    if unknown:
        raise ScimError(
            400, f"No provisioned user has the id {sorted(unknown)[0]}.", "invalidValue"
        )
    return values
