from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from kindred.lib.forms import DayField
from kindred.relationships.models import Relationship


class CommitmentForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("What will be done"), max_length=300)
    owner = forms.TypedChoiceField(label=gettext_lazy("Who"), coerce=int)
    due_date = DayField(label=gettext_lazy("By"))
    meeting = forms.TypedChoiceField(
        label=gettext_lazy("Made in the meeting of (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(
        self,
        *args: Any,
        relationship: Relationship,
        meetings: Any = (),
        zone: str = "UTC",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        here = zoneinfo.ZoneInfo(zone)
        self.fields["meeting"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (m.pk, m.start.astimezone(here).strftime("%a %d %b %Y, %H:%M")) for m in meetings
        ]
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            (relationship.mentee_id, f"{relationship.mentee.display_name} (mentee)"),
            (relationship.mentor_id, f"{relationship.mentor.display_name} (mentor)"),
        ]


class DropForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why it is dropped"), max_length=300)
