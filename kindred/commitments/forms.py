from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.lib.forms import DayField
from kindred.lib.timezones import short_when
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
        self.fields["meeting"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (m.pk, short_when(m.start, zone)) for m in meetings
        ]
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            (
                relationship.mentee_id,
                _("%(name)s (mentee)") % {"name": relationship.mentee.display_name},
            ),
            (
                relationship.mentor_id,
                _("%(name)s (mentor)") % {"name": relationship.mentor.display_name},
            ),
        ]


class DropForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why it is dropped"), max_length=300)
