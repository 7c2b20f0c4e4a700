"""Identity providers' client secrets: sealed in the database
(kindred.lib.sealing) or named as an environment variable."""

from __future__ import annotations

import os

from django.utils.translation import gettext as _

from kindred.lib.sealing import CannotUnseal, seal
from kindred.lib.sealing import unseal as _unseal

__all__ = ["SecretUnavailable", "from_environment", "seal", "unseal"]


class SecretUnavailable(Exception):
    """A stored secret that this deployment's key cannot open, or a named
    environment variable that is not set."""


def unseal(sealed: str) -> str:
    try:
        return _unseal(sealed)
    except CannotUnseal as exc:
        raise SecretUnavailable(
            _("The stored client secret cannot be read with this deployment's key: enter it again.")
        ) from exc


def from_environment(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise SecretUnavailable(_("The environment variable %(name)s is not set.") % {"name": name})
    return value
