"""What the outcomes report calls things, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OUTCOMES = {
    "retained_6": gettext_lazy("Still with the organisation 6 months on"),
    "retained_12": gettext_lazy("Still with the organisation 12 months on"),
    "promoted_12": gettext_lazy("Promoted within 12 months"),
}
SIDES = {"mentee": gettext_lazy("Mentees"), "mentor": gettext_lazy("Mentors")}
NUMBERS = {
    "tenure_years": gettext_lazy("Years with the organisation"),
    "prior_promotions": gettext_lazy("Promotions in the three years before"),
}
MEASURES = {
    "meetings": gettext_lazy("Pairs who held more meetings"),
    "follow_through": gettext_lazy("Pairs who followed through unprompted more often"),
    "health": gettext_lazy("Pairs whose health was higher"),
}
CATEGORIES = {
    "level": gettext_lazy("Level"),
    "department": gettext_lazy("Department"),
    "location": gettext_lazy("Location"),
}


def covariate(name: str) -> str:
    """A balance row's name: "level=L3" is "Level: L3"; "?" is not recorded."""
    if name in NUMBERS:
        return str(NUMBERS[name])
    kind, _sep, value = name.partition("=")
    shown = _("not recorded") if value == "?" else value
    return _("%(kind)s: %(value)s") % {"kind": CATEGORIES.get(kind, kind), "value": shown}
