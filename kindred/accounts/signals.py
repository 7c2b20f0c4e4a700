"""End what a changed password must end; on first signing in, take the
browser's language as the person's. (What an account's change
invalidates in the cache is declared in AccountsConfig.ready.)"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.utils import translation

from kindred.accounts.models import User


def _password_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.password_was_changed:
        instance.password_was_changed = False
        from kindred.accounts.services import password_changed  # services import the models

        password_changed(user=instance)


def _signed_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    from kindred.accounts.services import language_default

    if request is not None:
        language_default(actor=user, detected=translation.get_language_from_request(request))


def connect() -> None:
    post_save.connect(_password_changed, sender=User, dispatch_uid="password-changed")
    user_logged_in.connect(_signed_in, dispatch_uid="language-from-browser")
