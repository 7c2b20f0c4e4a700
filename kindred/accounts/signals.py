"""Forget what is kept of a person (kindred/accounts/kept.py) when their
account is saved or deleted, and end what a changed password must end."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from kindred.accounts import kept
from kindred.accounts.models import User


def _account_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    kept.forget([instance.pk])


def _password_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.password_was_changed:
        instance.password_was_changed = False
        from kindred.accounts.services import password_changed  # services import the models

        password_changed(user=instance)


def connect() -> None:
    post_save.connect(_account_changed, sender=User, dispatch_uid="kept-account-save")
    post_delete.connect(_account_changed, sender=User, dispatch_uid="kept-account-delete")
    post_save.connect(_password_changed, sender=User, dispatch_uid="password-changed")
