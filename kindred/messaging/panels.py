"""What messaging contributes to the home (kindred.pages): unread messages
from a partner."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

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
                    ngettext(
                        "%(count)s unread message from %(partner)s",
                        "%(count)s unread messages from %(partner)s",
                        n,
                    )
                    % {"count": n, "partner": partner.display_name},
                    reverse("messaging:thread", args=[pair.pk]),
                )
            )
    return steps
