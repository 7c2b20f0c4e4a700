"""A person's home, kept in the cache between visits.

The home is the page people open most. Its panels (kindred.lib.panels, page
"home") are drawn once and kept with what else is kept of the person
(kindred.accounts.kept), and forgotten whenever something they show changes.

The models the panels read are WATCHED: a save or delete of one forgets the
people it names, or every member of the programme it belongs to (`connect`);
the account itself is watched by accounts. Bulk writes, which send no
signals, forget the people they touch themselves. Managers' homes count
other people's memberships, so they are drawn afresh every time."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache as once
from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from kindred.accounts import kept
from kindred.accounts.models import User
from kindred.lib import panels
from kindred.programs.models import Membership, Programme

PAGE = "home"
PANELS = "pages/_panels.html"  # how every composite page lays its panels out

# What the panels read (app_label.Model), and which of its fields name the
# people, or the programmes whose members, it shows a row of it to.
PEOPLE_OF = {
    "profiles.Profile": ("user_id",),
    "programs.Membership": ("user_id",),
    "development.ModuleProgress": ("person_id",),
    "relationships.Relationship": ("mentor_id", "mentee_id"),
}
PROGRAMMES_OF = {
    "programs.Programme": ("pk",),
    "development.ProgrammeModule": ("programme_id",),
}
# Who manages a programme (its managers' through table) decides whether a
# home is kept at all: a change forgets the people it names.
WATCHED = frozenset({*PEOPLE_OF, *PROGRAMMES_OF, "programs.Programme_managers", "accounts.User"})


def forget(*, people: Iterable[int] = (), programmes: Iterable[int] = ()) -> None:
    """The homes showing these people, or these programmes, are out of date."""
    if not kept.keeping():
        return
    programmes = list(programmes)
    in_them = Membership.objects.filter(programme_id__in=programmes)
    members = list(in_them.values_list("user_id", flat=True)) if programmes else []
    kept.forget([*people, *members])


def home_body(person: User, request: HttpRequest) -> SafeString:
    """The person's home below the layout, from the cache when still current."""
    key = f"kept:home:{_release()}:{person.pk}"
    html, _ = kept.kept(key, person.pk, lambda: draw(person, request), stamp=person.kept_stamp)
    return mark_safe(html)


def draw(person: User, request: HttpRequest) -> tuple[str, bool]:
    """The home's panels, and whether they may be kept (not for someone who
    runs a programme)."""
    view = panels.View(viewer=person, subject=person, now=timezone.now())
    drawn = panels.draw_page(PAGE, view, request, {"user": person})
    html = render_to_string(PANELS, {"panels": drawn})
    return html, not person.runs_programmes


@once
def _release() -> str:
    """Changes when a panel's template does, so a release does not show
    homes its predecessor drew."""
    digest = hashlib.sha256()
    for template in (PANELS, *(found.template for found in panels.panels_of(PAGE))):
        source = get_template(template).template.source  # type: ignore[attr-defined]
        digest.update(source.encode())
    return digest.hexdigest()[:12]


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    label = sender._meta.label
    forget(
        people=[getattr(instance, field) for field in PEOPLE_OF.get(label, ())],
        programmes=[getattr(instance, field) for field in PROGRAMMES_OF.get(label, ())],
    )


def _managers_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, reverse: bool, **kwargs: Any
) -> None:
    """Made or unmade a manager: their home now shows the programmes they
    run, or stops showing them, and stops or starts being kept."""
    if not action.startswith("post_"):
        return
    if reverse:  # user.managed_programmes.add(...): the instance is the person
        forget(people=[instance.pk])
    else:  # after programme.managers.clear() pk_set is None, but those cleared
        forget(people=pk_set or ())  # were managers, whose homes are never kept


def connect() -> None:
    for label in (*PEOPLE_OF, *PROGRAMMES_OF):
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"home-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"home-delete-{label}")
    m2m_changed.connect(
        _managers_changed, sender=Programme.managers.through, dispatch_uid="home-managers"
    )
