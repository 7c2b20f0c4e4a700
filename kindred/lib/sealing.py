"""Secrets Kindred must read back (an identity provider's client secret, a
person's authenticator key) are stored sealed: encrypted with a key of the
deployment's, so a database dump alone never yields them.
IDENTITY_ENCRYPTION_KEY sets the key; without it the key is derived from
SECRET_KEY, so rotating SECRET_KEY means entering such secrets again."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class CannotUnseal(Exception):
    """A stored secret that this deployment's key cannot open."""


def _fernet() -> Fernet:
    material = getattr(settings, "IDENTITY_ENCRYPTION_KEY", "") or settings.SECRET_KEY
    digest = hashlib.sha256(b"kindred.identity:" + material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode() if secret else ""


def unseal(sealed: str) -> str:
    try:
        return _fernet().decrypt(sealed.encode()).decode() if sealed else ""
    except InvalidToken as exc:
        raise CannotUnseal("A stored secret cannot be read with this deployment's key.") from exc
