"""SCIM 2.0 provisioning (RFC 7643, RFC 7644) at /scim/v2/: the
organisation's directory (Entra ID, Okta) creates, updates and deactivates
people, with a bearer token an organisation admin issued.

Users carry what Kindred keeps of a person: userName (the work e-mail),
name and displayName, title, the enterprise extension's department and
manager, externalId and active. Attributes Kindred does not keep (phone
numbers, addresses…) are accepted and not stored, as the published schema
says. `active: false` is a leaver (kindred.identity.services.person_leave);
DELETE is a leaver whose SCIM id is then forgotten."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from kindred.accounts.models import User, normalise_email
from kindred.identity.models import ScimPerson, ScimToken
from kindred.lib.errors import DomainError
from kindred.lib.text import one_line

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
CONTENT_TYPE = "application/scim+json"
MAX_PAGE = 200


class ScimError(Exception):
    def __init__(self, status: int, detail: str, scim_type: str = "") -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type


def respond(payload: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(payload), status=status, content_type=CONTENT_TYPE)


def error(status: int, detail: str, scim_type: str = "") -> HttpResponse:
    body: dict[str, Any] = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return respond(body, status)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _actor(request: HttpRequest) -> User:
    """The organisation admin whose token this is; refused otherwise."""
    kind, _, raw = request.headers.get("Authorization", "").partition(" ")
    token = (
        ScimToken.objects.select_related("created_by")
        .filter(key_hash=token_digest(raw.strip()), revoked_at__isnull=True)
        .first()
        if kind.lower() == "bearer" and raw
        else None
    )
    if token is None:
        raise ScimError(401, "Send a SCIM token: Authorization: Bearer <token>.")
    admin = token.created_by
    if not (admin.is_active and admin.is_org_admin):
        raise ScimError(403, "The admin who issued this token can no longer provision people.")
    now = timezone.now()
    # Noted once a minute at most: a directory sends thousands in a row.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return admin


def scim_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A SCIM endpoint: no CSRF (a bearer token, no cookie), the token's
    admin as `actor`, and every failure in SCIM's error shape."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, _actor(request), *args, **kwargs)
        except ScimError as exc:
            return error(exc.status, exc.detail, exc.scim_type)
        except DomainError as exc:
            scim_type = "uniqueness" if exc.status == 409 else "invalidValue"
            return error(exc.status if exc.status != 422 else 400, exc.message, scim_type)

    return wrapped


# --- what a person is, in SCIM's words -------------------------------------------


@dataclass(frozen=True)
class ScimValues:
    """A person as the directory describes them. Kindred's own record takes
    the address and a full name from it; the directory's name parts and
    e-mails are kept as sent, so what it reads back is what it wrote."""

    user_name: str
    given_name: str = ""
    family_name: str = ""
    formatted_name: str = ""
    display_name: str = ""
    emails: tuple[tuple[tuple[str, Any], ...], ...] = ()  # each e-mail's sorted items
    title: str = ""
    department: str = ""
    manager_email: str = ""
    external_id: str = ""
    active: bool = True

    @property
    def email(self) -> str:
        """The address Kindred knows the person by: userName when it is one
        (a UPN usually is), else the primary (or first) of emails."""
        candidate = normalise_email(self.user_name)
        if _is_email(candidate):
            return candidate
        listed = [dict(e) for e in self.emails]
        primary = next((e for e in listed if e.get("primary") is True), None)
        chosen = primary or (listed[0] if listed else {})
        address = normalise_email(str(chosen.get("value", "")))
        return address if _is_email(address) else ""

    @property
    def full_name(self) -> str:
        joined = " ".join(p for p in (self.given_name, self.family_name) if p)
        return (self.display_name or self.formatted_name or joined)[:150]

    def email_list(self) -> list[dict[str, Any]]:
        return [dict(e) for e in self.emails]


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def values_of(record: ScimPerson) -> ScimValues:
    person = record.user
    return ScimValues(
        user_name=record.user_name or person.email,
        given_name=record.given_name,
        family_name=record.family_name,
        formatted_name=record.formatted_name,
        display_name=record.display_name,
        emails=_frozen_emails(record.emails),
        title=person.title,
        department=person.department,
        manager_email=person.manager_email,
        external_id=record.external_id,
        active=person.is_active,
    )


def resource(request: HttpRequest, record: ScimPerson) -> dict[str, Any]:
    """The person as SCIM shows them; empty attributes are left out (a
    removed attribute is absent, not blank)."""
    person, values = record.user, values_of(record)
    name = {
        "formatted": values.formatted_name,
        "givenName": values.given_name,
        "familyName": values.family_name,
    }
    enterprise: dict[str, Any] = {"department": person.department}
    manager = _manager_record(person.manager_email)
    if manager is not None:
        enterprise["manager"] = {"value": str(manager.scim_id), "$ref": _location(request, manager)}
    body: dict[str, Any] = {
        "schemas": [CORE],
        "id": str(record.scim_id),
        "externalId": record.external_id,
        "userName": values.user_name,
        "name": present(name),
        "displayName": values.display_name,
        "title": person.title,
        "active": person.is_active,
        "emails": values.email_list() or [{"value": person.email, "type": "work", "primary": True}],
        "meta": {
            "resourceType": "User",
            "created": record.created_at.isoformat(),
            "lastModified": record.updated_at.isoformat(),
            "location": _location(request, record),
        },
    }
    if present(enterprise):
        body["schemas"].append(ENTERPRISE)
        body[ENTERPRISE] = present(enterprise)
    return present(body)


def present(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None, {}, [])}


def _location(request: HttpRequest, record: ScimPerson) -> str:
    return request.build_absolute_uri(reverse("identity:scim_user", args=[record.scim_id]))


def _manager_record(email: str) -> ScimPerson | None:
    if not email:
        return None
    return ScimPerson.objects.filter(user__email=email).first()


def values_from(body: Any, *, base: ScimValues | None = None) -> ScimValues:
    """A POST or PUT body as values; what it leaves out is empty (a PUT
    replaces), except `active`, which stays as it was."""
    if not isinstance(body, dict):
        raise ScimError(400, "The body must be a JSON object.", "invalidSyntax")
    values = ScimValues(user_name="", active=base.active if base else True)
    for key, value in body.items():
        values = apply(values, key, value)
    return checked(values)


def checked(values: ScimValues) -> ScimValues:
    if not values.user_name:
        raise ScimError(400, "userName is required.", "invalidValue")
    if not values.email:
        raise ScimError(
            400, "Kindred needs an e-mail address: as userName, or as the primary of emails.",
            "invalidValue",
        )  # fmt: skip
    return values


def apply(values: ScimValues, path: str, value: Any) -> ScimValues:
    """`values` with the attribute at `path` set to `value` (None removes)."""
    key = path.lower()
    if key == ENTERPRISE.lower():
        if value is None:
            return replace(values, department="", manager_email="")
        for sub, sub_value in as_object(value).items():
            if sub != "schemas":
                values = apply(values, f"{ENTERPRISE}:{sub}", sub_value)
        return values
    if key.startswith(ENTERPRISE.lower() + ":"):
        return _enterprise(values, key.removeprefix(ENTERPRISE.lower() + ":"), value)
    key = key.removeprefix(CORE.lower() + ":")
    setter = SETTERS.get(key)
    if setter is None:
        return values  # not an attribute Kindred keeps: accepted, not stored
    return setter(values, value)


def as_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScimError(400, "Expected an object.", "invalidValue")
    return value


def as_text(value: Any, limit: int = 150) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise ScimError(400, "Expected a string.", "invalidValue")
    return one_line(str(value))[:limit]


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"  # Entra ID sends "False"
    raise ScimError(400, "active must be true or false.", "invalidValue")


def _name(values: ScimValues, value: Any) -> ScimValues:
    name = as_object(value) if value is not None else {}
    return replace(
        values,
        formatted_name=as_text(name.get("formatted")),
        given_name=as_text(name.get("givenName")),
        family_name=as_text(name.get("familyName")),
    )


EMAIL_PARTS = ("value", "type", "primary", "display")


def _emails(values: ScimValues, value: Any) -> ScimValues:
    """The e-mails as sent (value, type, primary, display); a bare string
    is what a path like emails[type eq "work"].value sets: the primary's
    address."""
    if value is None:
        return replace(values, emails=())
    if isinstance(value, str):
        listed = values.email_list() or [{"type": "work", "primary": True}]
        listed[0]["value"] = _email(value)
        return replace(values, emails=_frozen_emails(listed))
    if not isinstance(value, list):
        raise ScimError(400, "emails is a list.", "invalidValue")
    kept = []
    for entry in value:
        entry = as_object(entry)
        if entry.get("value") is not None:
            entry = entry | {"value": _email(entry["value"])}
        kept.append({k: entry[k] for k in EMAIL_PARTS if k in entry})
    return replace(values, emails=_frozen_emails(kept))


def _frozen_emails(listed: Any) -> tuple[tuple[tuple[str, Any], ...], ...]:
    if not isinstance(listed, list):
        return ()
    return tuple(tuple(sorted(e.items())) for e in listed if isinstance(e, dict))


def _email(value: Any) -> str:
    email = normalise_email(as_text(value, 254))
    if not _is_email(email):
        raise ScimError(400, f"“{email}” is not an e-mail address.", "invalidValue")
    return email


def _enterprise(values: ScimValues, key: str, value: Any) -> ScimValues:
    if key == "department":
        return replace(values, department=as_text(value))
    if key in ("manager", "manager.value"):
        manager_id = value.get("value") if isinstance(value, dict) else value
        found = (
            ScimPerson.objects.filter(scim_id=as_scim_id(manager_id)).select_related("user").first()
        )
        return replace(values, manager_email=found.user.email if found else "")
    return values


NO_ID = "00000000-0000-0000-0000-000000000000"  # matches nobody


def as_scim_id(value: Any) -> str:
    """`value` if it can be a SCIM id (a UUID), else an id nobody has: a
    malformed id is "not found", never a database error."""
    try:
        return str(uuid.UUID(str(value or "")))
    except ValueError:
        return NO_ID


SETTERS: dict[str, Callable[[ScimValues, Any], ScimValues]] = {
    "username": lambda v, x: replace(v, user_name=as_text(x, 255)),
    "name": _name,
    "name.givenname": lambda v, x: replace(v, given_name=as_text(x)),
    "name.familyname": lambda v, x: replace(v, family_name=as_text(x)),
    "name.formatted": lambda v, x: replace(v, formatted_name=as_text(x)),
    "displayname": lambda v, x: replace(v, display_name=as_text(x)),
    "title": lambda v, x: replace(v, title=as_text(x)),
    "externalid": lambda v, x: replace(v, external_id=as_text(x, 255)),
    "active": lambda v, x: replace(v, active=True if x is None else _boolean(x)),
    "emails": _emails,
}


def patched(values: ScimValues, body: Any) -> ScimValues:
    """`values` after a PatchOp's operations (add, replace, remove)."""
    operations = as_object(body).get("Operations")
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "A PatchOp needs Operations.", "invalidSyntax")
    for operation in operations:
        op = str(as_object(operation).get("op", "")).lower()
        path, value = operation.get("path"), operation.get("value")
        if op not in ("add", "replace", "remove"):
            raise ScimError(400, f"Unknown op “{op}”.", "invalidSyntax")
        if op == "remove":
            if not path:
                raise ScimError(400, "remove needs a path.", "noTarget")
            value = None
        if path:
            values = apply(values, _plain_path(str(path)), value)
        else:
            for key, item in as_object(value).items():
                values = apply(values, key, item)
    return checked(values)


def _plain_path(path: str) -> str:
    """emails[type eq "work"].value -> emails: the filter picks the entry,
    and Kindred's e-mails follow the primary."""
    return re.sub(r"\[[^\]]*\](\.\w+)?", "", path)


FILTER = re.compile(r'^\s*([\w.:]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)


# A filterable attribute: the lookup it becomes and how its value is read.
Filters = dict[str, tuple[str, Callable[[str], str]]]
USER_FILTERS: Filters = {
    "username": ("user_name__iexact", str),
    "emails.value": ("user__email", normalise_email),
    "externalid": ("external_id", str),
    "id": ("scim_id", as_scim_id),
}


def filtered(query: str, fields: Filters = USER_FILTERS) -> dict[str, str]:
    """The one kind of filter directories send: an attribute equal to a
    value (`fields` names the attributes and how each is looked up)."""
    match = FILTER.match(query)
    if match is None or match.group(1).lower() not in fields:
        names = ", ".join(sorted(fields))
        raise ScimError(400, f'Filters supported: {names} eq "…".', "invalidFilter")
    lookup, normalise = fields[match.group(1).lower()]
    return {lookup: normalise(match.group(2).replace('\\"', '"'))}


def page_bounds(query: dict[str, Any]) -> tuple[int, int]:
    """(startIndex, count): 1-based, clamped as RFC 7644 3.4.2.4 allows."""
    try:
        start = max(1, int(query.get("startIndex", 1)))
        count = min(MAX_PAGE, max(0, int(query.get("count", 100))))
    except ValueError as exc:
        raise ScimError(400, "startIndex and count are numbers.", "invalidValue") from exc
    return start, count


ALWAYS = {"id", "schemas", "meta"}


def projected(body: dict[str, Any], query: dict[str, Any]) -> dict[str, Any]:
    """Only the attributes asked for (`attributes`), or all but those left
    out (`excludedAttributes`); id, schemas and meta always stay."""
    wanted = _names(query.get("attributes"))
    unwanted = _names(query.get("excludedAttributes"))
    if wanted:
        return {k: v for k, v in body.items() if k in ALWAYS or _top(k) in wanted}
    if unwanted:
        return {k: v for k, v in body.items() if k in ALWAYS or _top(k) not in unwanted}
    return body


def _names(value: Any) -> set[str]:
    return {_top(n.strip()) for n in str(value or "").split(",") if n.strip()}


def _top(name: str) -> str:
    """The top-level attribute a name points into: name.givenName -> name;
    an extension's URN stays whole."""
    lowered = name.lower()
    if lowered.startswith(ENTERPRISE.lower()):
        return ENTERPRISE.lower()
    return lowered.removeprefix(CORE.lower() + ":").split(".")[0]
