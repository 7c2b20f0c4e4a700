"""The e-mails about a person's own account. Words in `accounts/email/`."""

from __future__ import annotations

from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.notifications.messages import Message


@dataclass(frozen=True)
class PasswordChanged(Message):
    kind = "password_changed"
    template = "accounts/email/password_changed.txt"
    user: int
    revoked: int  # API tokens the change revoked

    def context(self, recipient: User | None) -> dict[str, object]:
        return {
            "user": User.objects.get(pk=self.user),
            "revoked": self.revoked,
            "reset_url": absolute_url("accounts:password_reset"),
        }


@dataclass(frozen=True)
class PasswordReset(Message):
    kind = "password_reset"
    template = "accounts/email/password_reset.txt"
    user: int
    link: str  # holds the one-time token, made by Django's reset form

    def context(self, recipient: User | None) -> dict[str, object]:
        return {"user": User.objects.get(pk=self.user), "link": self.link}
