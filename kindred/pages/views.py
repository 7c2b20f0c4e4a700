"""The composite pages. Each loads its subject with the owning app's access
rule, then draws the panels registered for it (kindred.lib.panels)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from kindred.lib import panels
from kindred.lib.errors import NotFound
from kindred.lib.http import authenticated_user, is_htmx
from kindred.messaging.selectors import unread_count
from kindred.pages.home import home_body
from kindred.programs import selectors as programmes
from kindred.relationships import selectors as relationships
from kindred.relationships.selectors import agreements_remembered


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the person is in, runs, and is asked to do next."""
    body = home_body(authenticated_user(request), request)
    return render(request, "pages/home.html", {"body": body})


def _relationship_view(request: HttpRequest, relationship_id: int) -> panels.View:
    user = authenticated_user(request)
    relationship = relationships.relationship_for_viewer(user, relationship_id, with_profiles=True)
    return panels.View(
        viewer=user,
        subject=relationship,
        now=timezone.now(),
        facts={
            "in_pair": relationships.in_pair(user, relationship),
            "partner": relationships.partner_of(user, relationship),
        },
    )


def _base(view: panels.View) -> dict[str, Any]:
    return {"relationship": view.subject, **view.facts}


# The workspace's sections, each its own address, and the panels each
# draws. The overview (the page itself) is what to do now; the pair's
# messages, guide, objectives and projects are pages of their own.
SECTIONS: dict[str, tuple[str, ...]] = {
    "overview": ("next", "survey", "close-out"),
    "meetings": ("meetings", "checkins"),
    "agreement": ("agreement", "boundaries", "status", "history"),
    "commitments": ("commitments", "follow-through"),
    "health": ("health",),
}
SECTION_NAMES = {
    "overview": pgettext_lazy("workspace tab", "Now"),
    "meetings": pgettext_lazy("workspace tab", "Meetings"),
    "agreement": pgettext_lazy("workspace tab", "Agreement"),
    "commitments": pgettext_lazy("workspace tab", "Commitments"),
    "health": pgettext_lazy("workspace tab", "Health"),
}


@login_required
def relationship(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """The relationship workspace: what to do now, then a section at a time."""
    return _section(request, relationship_id, "overview")


@login_required
def relationship_section(request: HttpRequest, relationship_id: int, name: str) -> HttpResponse:
    """One section of the workspace: a whole page, or (for HTMX) the tabs and
    the section alone."""
    if name not in SECTIONS:
        raise NotFound(_("No such section."))
    return _section(request, relationship_id, name)


def _section(request: HttpRequest, relationship_id: int, name: str) -> HttpResponse:
    view = _relationship_view(request, relationship_id)
    base = _base(view)
    with agreements_remembered():
        drawn = _draw_section(name, view, request, base)
        if not drawn and name == "overview":  # a manager: no to-dos of their own here
            name, drawn = "health", _draw_section("health", view, request, base)
    context = {
        **base,
        "panels": drawn,
        "section": name,
        "section_name": SECTION_NAMES[name],
        "sections": SECTION_NAMES,
        "unread": unread_count(view.viewer, view.subject) if view["in_pair"] else 0,
    }
    template = "pages/_workspace.html" if is_htmx(request) else "pages/relationship.html"
    return render(request, template, context)


def _draw_section(
    name: str, view: panels.View, request: HttpRequest, base: dict[str, Any]
) -> list[panels.Drawn]:
    drawn = (
        panels.draw(panels.find("relationship", p), view, request, base) for p in SECTIONS[name]
    )
    return [d for d in drawn if d is not None]


@login_required
def relationship_panel(request: HttpRequest, relationship_id: int, name: str) -> HttpResponse:
    """One panel of the workspace alone, for HTMX to swap in."""
    view = _relationship_view(request, relationship_id)
    with agreements_remembered():
        drawn = panels.draw(panels.find("relationship", name), view, request, _base(view))
    if drawn is None:
        raise NotFound(_("No such panel."))
    return HttpResponse(drawn.html)


@login_required
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme as its participants and its managers see it."""
    user = authenticated_user(request)
    found = programmes.programme_for_viewer(user, slug)
    counted = programmes.programmes_with_counts(
        programmes.programmes_visible_to(user).filter(pk=found.pk)
    ).get()
    view = panels.View(
        viewer=user,
        subject=counted,
        now=timezone.now(),
        facts={"can_manage": programmes.can_manage(user, found)},
    )
    base = {"programme": counted, **view.facts}
    context = {
        **base,
        "membership": programmes.membership_of(user, found),
        "panels": panels.draw_page("programme", view, request, base),
    }
    return render(request, "pages/programme.html", context)
