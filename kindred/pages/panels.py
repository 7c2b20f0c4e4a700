"""The page's own panels: what ties the others together."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kindred.lib import panels
from kindred.lib.panels import LATER, Step, View, panel, steps_of
from kindred.matching.selectors import proposals_awaiting, self_match_enabled
from kindred.programs.models import ProgrammeStatus, Role
from kindred.programs.selectors import memberships_of
from kindred.relationships.panels import pair_only
from kindred.relationships.selectors import active_pairs_of


@panel("relationship", "next", template="pages/panels/next.html", order=5, visible=pair_only)
def pair_next_steps(view: View) -> dict[str, Any] | None:
    """The person's next steps that concern this relationship (the home's,
    narrowed to it): a pair's page opens on what to do now."""
    mine = panels.View(viewer=view.viewer, subject=view.viewer, now=view.now)
    here = f"/relationships/{view.subject.pk}/"
    steps = [s for s in steps_of("home", mine) if s.link.startswith(here)]
    return {"steps": steps, "waiting": [], "in_relationship": True}


@panel("home", "next", template="pages/panels/next.html", order=5)
def next_steps(view: View) -> dict[str, Any]:
    """Everything the person should do now, most urgent first, from every
    app; and, for someone waiting, what happens next and when."""
    steps = steps_of("home", view)
    return {"steps": steps, "waiting": _what_happens_next(view) if not steps else []}


def _what_happens_next(view: View) -> list[Step]:
    """A participant not yet in a relationship in a programme is told what
    comes next in it, and when."""
    person = view.viewer
    paired = {pair.programme_id for pair in view.once(active_pairs_of, person)}
    if proposals_awaiting(person):
        return []
    told = []
    for membership in view.once(memberships_of, person):
        programme = membership.programme
        if programme.pk in paired or programme.status == ProgrammeStatus.CLOSED:
            continue
        browse = (
            ((_("Browse mentors with room"), reverse("matching:directory", args=[programme.slug])),)
            if membership.role == Role.MENTEE and self_match_enabled(programme)
            else ()
        )
        told.append(
            Step(
                LATER,
                _("%(programme)s: your match is on its way") % {"programme": programme.name},
                reverse("pages:programme", args=[programme.slug]),
                detail=_(
                    "Your programme manager proposes matches once intakes are in; the "
                    "programme starts on %(start)s. You will get an e-mail, and it will "
                    "show here."
                )
                % {"start": date_format(programme.start_date, "j F Y")},
                links=browse,
            )
        )
    return told
