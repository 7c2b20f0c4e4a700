"""SAML 2.0 through pysaml2 (with Debian's xmlsec1 checking signatures):
SP-initiated sign-in by the HTTP-Redirect binding, the answer by HTTP-POST,
and IdP-initiated sign-in (an answer Kindred did not ask for).

pysaml2 checks the assertion's signature against the certificate in the
provider's metadata (signed assertions are required), the audience
(Kindred's entity ID), the recipient (this callback), the time window, and
InResponseTo against what this browser asked for. Kindred adds replay
protection: an assertion's ID is accepted once (kindred.identity.models
.SeenAssertion), which also covers answers nobody asked for."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import shutil
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.time_util import str_to_time

from kindred.identity.adapters import Assertion, SignInFailed
from kindred.identity.models import IdentityProvider, SeenAssertion

log = logging.getLogger(__name__)

REFUSED = gettext_noop(
    "The identity provider's answer could not be checked, so you were not signed in."
)
OUTSTANDING_KEY = "kindred.identity.saml.outstanding"
CLOCK_SKEW_SECONDS = 60

# Where providers put the e-mail, the name and the groups: friendly names
# (Keycloak, Okta, Google) and Microsoft's claim URIs (Entra ID).
EMAIL = ("email", "mail", "emailAddress",
         "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
         "urn:oid:0.9.2342.19200300.100.1.3")  # fmt: skip
NAME = ("displayName", "name", "cn",
        "http://schemas.microsoft.com/identity/claims/displayname",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name")  # fmt: skip
GROUPS = ("groups", "memberOf", "Role",
          "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups")  # fmt: skip


def xmlsec_binary() -> str:
    found = shutil.which("xmlsec1")
    if not found:
        raise SignInFailed(_("SAML needs xmlsec1 on the server: apt-get install xmlsec1."))
    return found


def entity_id(request: HttpRequest, provider: IdentityProvider) -> str:
    """Kindred's entity ID for this provider: its metadata's address."""
    return request.build_absolute_uri(reverse("identity:saml_metadata", args=[provider.slug]))


def acs_url(request: HttpRequest, provider: IdentityProvider) -> str:
    return request.build_absolute_uri(reverse("identity:callback", args=[provider.slug]))


def sp_config(request: HttpRequest, provider: IdentityProvider) -> SPConfig:
    config = SPConfig()
    config.load(
        {
            "entityid": entity_id(request, provider),
            "xmlsec_binary": xmlsec_binary(),
            "metadata": {"inline": [provider.saml_metadata_xml]}
            if provider.saml_metadata_xml
            else {},
            "accepted_time_diff": CLOCK_SKEW_SECONDS,
            "allow_unknown_attributes": True,
            "service": {
                "sp": {
                    "name": "Kindred",
                    "endpoints": {
                        "assertion_consumer_service": [
                            (acs_url(request, provider), BINDING_HTTP_POST)
                        ]
                    },
                    # IdP-initiated sign-in arrives unasked; replay is
                    # refused by the assertion's ID instead.
                    "allow_unsolicited": True,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "authn_requests_signed": False,
                }
            },
        }
    )
    return config


def metadata_xml(request: HttpRequest, provider: IdentityProvider) -> str:
    """Kindred's SP metadata, for the admin to give the provider."""
    xml = create_metadata_string(None, config=sp_config(request, provider), valid=None)
    return xml.decode() if isinstance(xml, bytes) else str(xml)


class Saml:
    def begin(
        self, request: HttpRequest, provider: IdentityProvider, return_to: str
    ) -> HttpResponse:
        client = _client(request, provider)
        idps = list(client.metadata.identity_providers())
        if not idps:
            raise SignInFailed(_("The provider's metadata names no identity provider."))
        request_id, info = client.prepare_for_authenticate(
            entityid=idps[0], binding=BINDING_HTTP_REDIRECT
        )
        outstanding = request.session.get(OUTSTANDING_KEY, {})
        outstanding[request_id] = provider.slug
        request.session[OUTSTANDING_KEY] = outstanding
        location = dict(info["headers"])["Location"]
        return HttpResponseRedirect(location)

    def finish(self, request: HttpRequest, provider: IdentityProvider, return_to: str) -> Assertion:
        encoded = request.POST.get("SAMLResponse", "")
        if request.method != "POST" or not encoded:
            raise SignInFailed(_(REFUSED))
        outstanding = request.session.get(OUTSTANDING_KEY, {})
        try:
            response = _client(request, provider).parse_authn_request_response(
                encoded, BINDING_HTTP_POST, outstanding=outstanding
            )
        # pysaml2 signals a failed check with many exception types (and
        # some plain ones); any of them means the answer is not trusted.
        except Exception as exc:
            log.info("saml answer from %s refused: %s: %s", provider.slug, type(exc).__name__, exc)
            raise SignInFailed(_(REFUSED)) from exc
        if response is None or response.assertion is None:
            # pysaml2's answer to a response for another destination.
            log.info("saml answer from %s refused: not for this service", provider.slug)
            raise SignInFailed(_(REFUSED))
        if response.in_response_to:
            outstanding.pop(response.in_response_to, None)
            request.session[OUTSTANDING_KEY] = outstanding
        _accept_once(provider, response)
        return _assertion(response)

    def logout_url(
        self, provider: IdentityProvider, hint: dict[str, str], return_to: str
    ) -> str | None:
        # Single logout needs signed requests and a session index kept per
        # person; Kindred signs out of itself and says the provider remains.
        return None


def _client(request: HttpRequest, provider: IdentityProvider) -> Saml2Client:
    return Saml2Client(config=sp_config(request, provider))


def _accept_once(provider: IdentityProvider, response: Any) -> None:
    """Refuse an assertion seen before: its ID is kept until it expires."""
    assertion = response.assertion
    conditions = assertion.conditions
    until = timezone.now() + dt.timedelta(hours=1)
    if conditions is not None and conditions.not_on_or_after:
        expires = calendar.timegm(str_to_time(conditions.not_on_or_after))
        until = dt.datetime.fromtimestamp(expires + CLOCK_SKEW_SECONDS, tz=dt.UTC)
    SeenAssertion.objects.filter(expires_at__lt=timezone.now()).delete()
    try:
        with transaction.atomic():
            SeenAssertion.objects.create(
                provider=provider, assertion_id=assertion.id, expires_at=until
            )
    except IntegrityError as exc:
        log.warning("saml assertion %s from %s replayed", assertion.id, provider.slug)
        raise SignInFailed(_(REFUSED)) from exc


def _first(values: dict[str, list[str]], names: tuple[str, ...]) -> str:
    for name in names:
        if values.get(name):
            return str(values[name][0])
    return ""


def _assertion(response: Any) -> Assertion:
    values = response.ava or {}
    name_id = response.name_id
    email = _first(values, EMAIL)
    if not email and name_id is not None and "emailAddress" in (name_id.format or ""):
        email = name_id.text
    groups = tuple(str(g) for name in GROUPS for g in values.get(name, []))
    return Assertion(
        subject=str(name_id.text if name_id is not None else ""),
        email=email,
        # SAML has no "verified" flag: the provider's e-mail domains decide.
        email_verified=False,
        name=_first(values, NAME),
        groups=groups,
    )


def metadata_problem(xml: str) -> str:
    """Why these IdP metadata cannot be used, or "": checked when an admin
    saves the provider. They must name an identity provider with a
    certificate to check its signatures by."""
    config = SPConfig()
    try:
        config.load(
            {
                "entityid": "urn:kindred:metadata-check",
                "xmlsec_binary": xmlsec_binary(),
                "metadata": {"inline": [xml]},
            }
        )
        store = config.metadata
        idps = list(store.identity_providers())
    # The XML is the admin's upload: whatever pysaml2 raises on it, say so.
    except Exception as exc:
        return _("These metadata could not be read (%(error)s).") % {"error": type(exc).__name__}
    if not idps:
        return _("These metadata name no identity provider (no IDPSSODescriptor).")
    if not store.certs(idps[0], "idpsso", use="signing"):
        return _("These metadata hold no signing certificate, so no answer could be checked.")
    return ""
