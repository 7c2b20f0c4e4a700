"""The composite pages. Each loads its subject with the owning app's access
rule, then draws the panels registered for it (kindred.lib.panels)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kindred.lib import panels
from kindred.lib.errors import NotFound
from kindred.lib.http import authenticated_user
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


@login_required
def relationship(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """The relationship workspace: everything the pair (or its managers)
    sees of one relationship."""
    view = _relationship_view(request, relationship_id)
    with agreements_remembered():
        drawn = panels.draw_page("relationship", view, request, _base(view))
    return render(request, "pages/relationship.html", {**_base(view), "panels": drawn})


@login_required
def relationship_panel(request: HttpRequest, relationship_id: int, name: str) -> HttpResponse:
    """One panel of the workspace alone, for HTMX to swap in."""
    view = _relationship_view(request, relationship_id)
    with agreements_remembered():
        drawn = panels.draw(panels.find("relationship", name), view, request, _base(view))
    if drawn is None:
        raise NotFound("No such panel.")
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
