"""What messaging contributes to the home (kindred.pages): unread messages
from a partner."""

from __future__ import annotations

from django.template.defaultfilters import pluralize
from django.urls import reverse

from kindred.lib.panels import SOON, Step, View, steps_from
from kindred.messaging.selectors import unread_by_relationship
from kindred.relationships.selectors import active_pairs_of


@steps_from("home")
def message_steps(view: View) -> list[Step]:
    person = view.viewer
    unread = unread_by_relationship(person)
    if not unread:
        return []
    steps = []
    for pair in view.once(active_pairs_of, person):
        n = unread.get(pair.pk, 0)
        if n:
            partner = pair.mentee if pair.mentor_id == person.pk else pair.mentor
            steps.append(
                Step(
                    SOON,
                    f"{n} unread message{pluralize(n)} from {partner.display_name}",
                    reverse("messaging:thread", args=[pair.pk]),
                )
            )
    return steps
