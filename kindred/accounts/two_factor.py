"""Reading and checking second factors: the authenticator's codes (TOTP,
RFC 6238, through pyotp) and one-time recovery codes. The writes are in
kindred.accounts.services."""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import qrcode
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from qrcode.image.svg import SvgPathImage

from kindred.accounts.models import Passkey, RecoveryCode, TotpDevice, User
from kindred.lib import ratelimit
from kindred.lib.sealing import unseal

ISSUER = "Kindred"
RECOVERY_CODES = 10
# Codes a person may try before the sign-in pauses: codes are six digits,
# so without a limit a script would find one in hours.
CODE_ATTEMPTS = ratelimit.Rate(
    "second-factor",
    5,
    15 * 60,
    gettext_noop("Too many wrong codes; wait 15 minutes and try again."),
)


def required_for(person: User) -> bool:
    """Whether a password sign-in must have a second factor: organisation
    admins and programme managers, unless the deployment says otherwise."""
    return bool(settings.TWO_FACTOR_REQUIRED_FOR_STAFF) and person.runs_programmes


def confirmed_device(person: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=person, confirmed_at__isnull=False).first()


def has_second_factor(person: User) -> bool:
    return confirmed_device(person) is not None or Passkey.objects.filter(user=person).exists()


def totp_new_key() -> str:
    """A new authenticator key. Nothing is stored until a code from the app
    confirms it (totp_confirm): the key waits in the person's session, so
    an abandoned set-up leaves nothing behind and an authenticator already
    in force stays in force until the new one is proven."""
    return str(pyotp.random_base32())


def provisioning_uri(person: User, secret: str) -> str:
    """What the authenticator app scans: otpauth://totp/Kindred:…"""
    return pyotp.TOTP(secret).provisioning_uri(name=person.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The provisioning address as an inline SVG QR code (no image file, no
    third party): what a phone's authenticator app scans."""
    image = qrcode.make(uri, image_factory=SvgPathImage, box_size=8)
    return str(image.to_string(encoding="unicode"))


def new_recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def code_digest(code: str) -> str:
    normalised = code.strip().lower().replace(" ", "").replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def totp_step(secret: str, code: str, *, after: int) -> int | None:
    """The time step `code` belongs to (now, or one step either side for a
    slow typist or clock), if it is later than `after`; else None."""
    totp = pyotp.TOTP(secret)
    digits = code.strip().replace(" ", "")
    now_step = int(time.time()) // totp.interval
    for step in (now_step, now_step - 1, now_step + 1):
        if step > after and secrets.compare_digest(totp.at(step * totp.interval), digits):
            return step
    return None


@transaction.atomic
def check_code(person: User, code: str) -> bool:
    """Whether `code` proves the second factor: a fresh authenticator code
    or an unused recovery code (which is then spent). Every try counts
    against the person's limit, right or wrong, before it is checked."""
    ratelimit.hit(CODE_ATTEMPTS, person.pk)
    device = (
        TotpDevice.objects.select_for_update()
        .filter(user=person, confirmed_at__isnull=False)
        .first()
    )
    if device is not None:
        step = totp_step(unseal(device.secret_sealed), code, after=device.last_used_step)
        if step is not None:
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return True
    spent = RecoveryCode.objects.filter(
        user=person, code_hash=code_digest(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return spent == 1
