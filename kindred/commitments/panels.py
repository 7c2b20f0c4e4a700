"""What commitments contribute to the relationship workspace
(kindred.pages): the pair's commitments, and a form to add one. Only the
pair sees what each commitment says; the figures are health's panel."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kindred.commitments.forms import CommitmentForm
from kindred.commitments.selectors import (
    commitment_list,
    commitments_due_soon,
    is_overdue,
    meetings_to_link,
)
from kindred.lib.panels import NOW, SOON, Step, View, panel, steps_from
from kindred.lib.timezones import local_today
from kindred.meetings.selectors import meetings_of
from kindred.relationships.panels import pair_only


@panel(
    "relationship",
    "commitments",
    template="commitments/panels/commitments.html",
    order=70,
    visible=pair_only,
)
def commitments(view: View) -> dict[str, Any]:
    relationship, user, now = view.subject, view.viewer, view.now
    found = view.once(commitment_list, relationship)
    meetings = view.once(meetings_of, relationship)
    return {
        "commitments": found,
        "overdue_ids": {c.pk for c in found if is_overdue(c, local_today(c.owner.timezone, now))},
        "commitment_form": CommitmentForm(
            relationship=relationship,
            meetings=meetings_to_link(relationship, now=now, meetings=meetings),
            zone=user.timezone,
        ),
    }


@steps_from("home")
def commitment_steps(view: View) -> list[Step]:
    person = view.viewer
    today = local_today(person.timezone, view.now)
    steps = []
    for c in commitments_due_soon(person, view.now):
        late = c.due_date < today
        due = date_format(c.due_date, pgettext("short date", "D j M"))
        detail = (
            _("You said you would; was due %(day)s.")
            if late
            else _("You said you would; due %(day)s.")
        )
        steps.append(
            Step(
                NOW if late else SOON,
                _("Follow through: %(commitment)s") % {"commitment": c.text},
                reverse("pages:relationship_section", args=[c.relationship_id, "commitments"]),
                detail=detail % {"day": due},
            )
        )
    return steps
