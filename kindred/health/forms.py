from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from kindred.engines.health.surveys import AGREEMENT, ITEMS
from kindred.lib.forms import DayField, RatingsForm


class FilterForm(forms.Form):
    start = DayField(label=gettext_lazy("Started from"), required=False)
    end = DayField(label=gettext_lazy("Started until"), required=False)
    department = forms.ChoiceField(label=gettext_lazy("Mentee's department"), required=False)

    def __init__(
        self, *args: Any, departments: list[str], circles: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if circles:
            self.fields["start"].label = gettext_lazy("Formed from")
            self.fields["end"].label = gettext_lazy("Formed until")
            self.fields["department"].label = gettext_lazy("Someone in it from")
        everyone = [("", gettext_lazy("All")), *((d, d) for d in departments)]
        self.fields["department"].choices = everyone  # type: ignore[attr-defined]


class SurveyForm(RatingsForm):
    """The fifteen statements, in the respondent's version; any may be skipped."""

    def __init__(self, *args: Any, role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.add_rating(item.key, item.mentee if role == "mentee" else item.mentor, AGREEMENT)
