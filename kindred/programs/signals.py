"""Forget the home panels (kindred/programs/home.py) that show what a save
or delete changed, for every model in home.WATCHED."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from kindred.programs import home
from kindred.programs.models import Programme


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    label = sender._meta.label
    home.forget(
        people=[getattr(instance, field) for field in home.PEOPLE_OF.get(label, ())],
        programmes=[getattr(instance, field) for field in home.PROGRAMMES_OF.get(label, ())],
    )


def _managers_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, reverse: bool, **kwargs: Any
) -> None:
    """Made or unmade a manager: their home now shows the programmes they
    run, or stops showing them, and stops or starts being kept."""
    if not action.startswith("post_"):
        return
    if reverse:  # user.managed_programmes.add(...): the instance is the person
        home.forget(people=[instance.pk])
    else:  # after programme.managers.clear() pk_set is None, but those cleared
        home.forget(people=pk_set or ())  # were managers, whose homes are never kept


def connect() -> None:
    for label in (*home.PEOPLE_OF, *home.PROGRAMMES_OF):
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"home-panel-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"home-panel-delete-{label}")
    m2m_changed.connect(
        _managers_changed, sender=Programme.managers.through, dispatch_uid="home-panel-managers"
    )
