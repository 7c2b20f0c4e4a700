"""Passkeys (WebAuthn) as a second factor, through py_webauthn: the
options the browser's navigator.credentials calls take, and the checks of
what the authenticator signed (challenge, origin, relying party, signature,
sign counter). The challenge lives in the session, one use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from kindred.accounts.models import Passkey, User

CHALLENGE_KEY = "kindred.accounts.passkey_challenge"
RP_NAME = "Kindred"


class PasskeyRefused(Exception):
    pass


def relying_party(request: HttpRequest) -> tuple[str, str]:
    """(rp_id, origin): the host Kindred is served on, without its port."""
    host = request.get_host()
    return host.rsplit(":", 1)[0].strip("[]"), f"{request.scheme}://{host}"


def registration_options(request: HttpRequest, person: User) -> str:
    rp_id, _origin = relying_party(request)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_id=str(person.pk).encode(),
        user_name=person.email,
        user_display_name=person.display_name,
        exclude_credentials=_descriptors(person),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    request.session[CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


def authentication_options(request: HttpRequest, person: User) -> str:
    rp_id, _origin = relying_party(request)
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=_descriptors(person),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


def verified_registration(request: HttpRequest, credential: Any) -> tuple[str, bytes, int]:
    """(credential id, public key, sign count) of a checked registration."""
    rp_id, origin = relying_party(request)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=_spend_challenge(request),
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise PasskeyRefused(_("The passkey could not be checked; try again.")) from exc
    return (
        bytes_to_base64url(verified.credential_id),
        verified.credential_public_key,
        verified.sign_count,
    )


def verified_passkey(request: HttpRequest, person: User, credential: Any) -> Passkey:
    """The person's passkey that signed this challenge, its counter moved on."""
    rp_id, origin = relying_party(request)
    credential_id = credential.get("id") if isinstance(credential, dict) else None
    passkey = Passkey.objects.filter(user=person, credential_id=credential_id).first()
    if passkey is None:
        raise PasskeyRefused(_("That passkey is not one of yours here."))
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=_spend_challenge(request),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise PasskeyRefused(_("The passkey could not be checked; try again.")) from exc
    passkey.sign_count, passkey.last_used_at = verified.new_sign_count, timezone.now()
    passkey.save(update_fields=["sign_count", "last_used_at"])
    return passkey


def _spend_challenge(request: HttpRequest) -> bytes:
    challenge = request.session.pop(CHALLENGE_KEY, "")
    if not challenge:
        raise PasskeyRefused(_("Start again: the passkey request has expired."))
    return base64url_to_bytes(challenge)


def _descriptors(person: User) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(key))
        for key in Passkey.objects.filter(user=person).values_list("credential_id", flat=True)
    ]
