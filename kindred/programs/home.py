"""A person's home, kept in the cache between visits.

The home is the page people open most, and drawing it takes five queries.
So the part below the layout (the panel) is kept with what else is kept of
the person (kindred.accounts.kept), and forgotten whenever something it
shows changes.

The models the panel reads are WATCHED: a save or delete of one forgets
the people it names, or every member of the programme it belongs to (see
`kindred.programs.signals`); the account itself is watched by accounts.
Bulk writes, which send no signals, call `forget` themselves. Managers'
homes count other people's memberships, so they are drawn afresh every
time."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache as once
from typing import Any

from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from kindred.accounts import kept
from kindred.accounts.models import User
from kindred.development.requirements import required_of_person
from kindred.profiles.selectors import intake_state_of, next_intake_step
from kindred.programs import selectors
from kindred.programs.models import Membership

PANEL = "programs/_home_panel.html"

# What the panel reads (app_label.Model), and which of its fields name the
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
# panel is kept at all: a change forgets the people it names.
WATCHED = frozenset({*PEOPLE_OF, *PROGRAMMES_OF, "programs.Programme_managers", "accounts.User"})


def forget(*, people: Iterable[int] = (), programmes: Iterable[int] = ()) -> None:
    """The homes showing these people, or these programmes, are out of date."""
    if not kept.keeping():
        return
    programmes = list(programmes)
    in_them = Membership.objects.filter(programme_id__in=programmes)
    members = list(in_them.values_list("user_id", flat=True)) if programmes else []
    kept.forget([*people, *members])


def home_panel(person: User) -> SafeString:
    """The person's home below the layout, from the cache when still current."""
    key = f"kept:home:{_release()}:{person.pk}"
    html, _ = kept.kept(key, person.pk, lambda: draw(person), stamp=person.kept_stamp)
    return mark_safe(html)


def draw(person: User) -> tuple[str, bool]:
    """The panel, and whether it may be kept (not for someone who runs a
    programme)."""
    profile = intake_state_of(person)
    memberships = list(Membership.objects.filter(user=person).select_related("programme"))
    roles = {m.programme_id: m.role for m in memberships}
    managed = (
        list(selectors.programmes_with_counts(selectors.programmes_managed_by(person)))
        if person.runs_programmes
        else []
    )
    required = required_of_person(person, now=timezone.now(), roles=roles)
    context: dict[str, Any] = {
        "user": person,
        "profile": profile,
        "next_step": next_intake_step(profile),
        "memberships": memberships,
        "managed": managed,
        "required_modules": [r for r in required if not r.done],
    }
    return render_to_string(PANEL, context), not person.runs_programmes


@once
def _release() -> str:
    """Changes when the panel's template does, so a release does not show
    panels its predecessor drew."""
    source = get_template(PANEL).template.source  # type: ignore[attr-defined]
    return hashlib.sha256(source.encode()).hexdigest()[:12]
