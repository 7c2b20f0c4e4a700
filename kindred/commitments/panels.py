"""What commitments contribute to the relationship workspace
(kindred.pages): the pair's commitments, and a form to add one. Only the
pair sees what each commitment says; the figures are health's panel."""

from __future__ import annotations

from typing import Any

from kindred.commitments.forms import CommitmentForm
from kindred.commitments.selectors import commitment_list, is_overdue, meetings_to_link
from kindred.lib.panels import View, panel
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
