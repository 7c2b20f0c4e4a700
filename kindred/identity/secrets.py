"""Client secrets at rest: encrypted with a key of the deployment's, never
stored as given. IDENTITY_ENCRYPTION_KEY sets the key; without it the key is
derived from SECRET_KEY, so rotating SECRET_KEY means entering the secrets
again (docs/identity.md says so)."""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnavailable(Exception):
    """A stored secret that this deployment's key cannot open, or a named
    environment variable that is not set."""


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
        raise SecretUnavailable(
            "The stored client secret cannot be read with this deployment's key: enter it again."
        ) from exc


def from_environment(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise SecretUnavailable(f"The environment variable {name} is not set.")
    return value
