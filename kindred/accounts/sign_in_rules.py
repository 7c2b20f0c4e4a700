"""Who may not use a password, told by the apps above accounts.

An organisation whose identity provider is "SSO only" for its domain signs
those people in there; the provider's app (kindred.identity) knows which,
and registers a rule here when Django starts. Sign-in, password reset and
setting a password ask `password_refusal` before they do anything."""

from __future__ import annotations

from collections.abc import Callable

from kindred.lib.errors import InvalidInput

# An address -> why it may not use a password here, or "" when it may.
PasswordRule = Callable[[str], str]

_rules: list[PasswordRule] = []


def register(rule: PasswordRule) -> None:
    if rule not in _rules:
        _rules.append(rule)


def require_password_allowed(email: str) -> None:
    """Stop a service that would give this address a password."""
    refusal = password_refusal(email)
    if refusal:
        raise InvalidInput.on("password", refusal)


def password_refusal(email: str) -> str:
    for rule in _rules:
        refusal = rule(email)
        if refusal:
            return refusal
    return ""
