"""End what a changed password must end. (What an account's change
invalidates in the cache is declared in AccountsConfig.ready.)"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from kindred.accounts.models import User


def _password_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.password_was_changed:
        instance.password_was_changed = False
        from kindred.accounts.services import password_changed  # services import the models

        password_changed(user=instance)


def connect() -> None:
    post_save.connect(_password_changed, sender=User, dispatch_uid="password-changed")
