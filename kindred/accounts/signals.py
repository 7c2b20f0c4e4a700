"""Forget what is kept of a person (kindred/accounts/kept.py) when their
account is saved or deleted."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from kindred.accounts import kept
from kindred.accounts.models import User


def _account_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    kept.forget([instance.pk])


def connect() -> None:
    post_save.connect(_account_changed, sender=User, dispatch_uid="kept-account-save")
    post_delete.connect(_account_changed, sender=User, dispatch_uid="kept-account-delete")
