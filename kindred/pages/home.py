"""A person's home, cached between visits.

The home is the page people open most. Its panels (kindred.lib.panels, page
"home") are drawn once and cached with what else is cached for the person
(kindred.lib.cache), and invalidated whenever something they show changes:
what each model's change invalidates is declared in the cache's registry
(`watch_what_the_home_shows`). Bulk writes, which send no signals,
invalidate the people they touch themselves. Managers' homes count other
people's memberships, so they are drawn afresh every time."""

from __future__ import annotations

import hashlib
from functools import cache as once
from typing import Any

from django.http import HttpRequest
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from kindred.accounts.models import User
from kindred.circles.models import Circle, CircleMember
from kindred.lib import cache, panels
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship

PAGE = "home"
PANELS = "pages/_panels.html"  # how every composite page lays its panels out


def watch_what_the_home_shows() -> None:
    """Declare what the home's panels read (kindred.lib.cache.registry): a
    change to a row invalidates the homes of the people it names, or of
    every member of its programme. Who manages a programme decides whether
    a home is cached at all: a change names the managers added or removed.
    The account itself is declared by accounts."""
    cache.register("profiles.Profile", lambda row: [row.user_id])
    cache.register("programs.Membership", lambda row: [row.user_id])
    cache.register("development.ModuleProgress", lambda row: [row.person_id])
    cache.register("relationships.Relationship", lambda row: [row.mentor_id, row.mentee_id])
    cache.register("programs.Programme", programmes=lambda row: [row.pk])
    cache.register("development.ProgrammeModule", programmes=lambda row: [row.programme_id])
    cache.register(Programme.managers.through._meta.label)
    # What the next steps read (kindred.pages.panels): a change names the
    # people it is news to. Publishing proposals in bulk invalidates its own.
    cache.register("meetings.Meeting", _pair_of)
    cache.register("messaging.Message", _pair_of)
    cache.register("messaging.ThreadRead", lambda row: [row.user_id])
    cache.register("matching.Proposal", lambda row: [row.mentor_id, row.mentee_id])
    cache.register("matching.MentorRequest", lambda row: [row.mentor_id, row.mentee_id])
    cache.register("commitments.Commitment", lambda row: [row.owner_id])
    cache.register("health.SurveyResponse", lambda row: [row.respondent_id])
    cache.register("safety.ComfortCheckIn", lambda row: [row.person_id])
    # Circles: who is in one, when it meets, whose signature it waits for.
    cache.register("circles.CircleMember", lambda row: [row.person_id])
    cache.register("circles.Circle", _circle_people)
    cache.register("circles.CircleMeeting", _circle_people)
    cache.register("circles.CircleAgreement", _circle_people)
    cache.register("circles.CircleSignature", lambda row: [row.person_id])
    cache.register("officehours.Booking", lambda row: [row.host_id, row.guest_id])
    # Read only for people who run programmes, whose homes are never kept.
    for label in ("matching.MatchRun", "health.HealthSnapshot", "safety.ConcernReport"):
        cache.register(label)


def _circle_people(row: Any) -> list[int]:
    circle = row.pk if isinstance(row, Circle) else row.circle_id
    return list(CircleMember.objects.filter(circle=circle).values_list("person_id", flat=True))


def _pair_of(row: Any) -> list[int]:
    found = Relationship.objects.filter(pk=row.relationship_id).values_list(
        "mentor_id", "mentee_id"
    )
    return [person for pair in found for person in pair]


def home_body(person: User, request: HttpRequest) -> SafeString:
    """The person's home below the layout, from the cache when still current."""
    # Next steps also change with the clock (a survey or commitment falls
    # due): a kept home lasts the hour at most.
    hour = timezone.now().strftime("%Y%m%d%H")
    # Kept per language: the same person may read it in another tomorrow.
    key = f"cache:home:{_release()}:{translation.get_language()}:{hour}:{person.pk}"
    html, _ = cache.cached(
        key, person.pk, lambda: draw(person, request), version=person.cache_version
    )
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
    included = ("pages/panels/_step.html",)  # what the panels include
    for template in (PANELS, *included, *(found.template for found in panels.panels_of(PAGE))):
        source = get_template(template).template.source  # type: ignore[attr-defined]
        digest.update(source.encode())
    return digest.hexdigest()[:12]
