from __future__ import annotations

from typing import Any

from django import forms

from kindred.accounts.models import User
from kindred.officehours.models import OfficeHours
from kindred.programs.models import Programme, Role
from kindred.relationships.forms import video_link_field


class HoursForm(forms.Form):
    programmes = forms.ModelMultipleChoiceField(
        label="For people in",
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    weekday = forms.TypedChoiceField(label="Every", coerce=int, choices=OfficeHours.DAYS)
    start = forms.CharField(label="From (your time, HH:MM)", max_length=5, initial="16:00")
    end = forms.CharField(label="Until", max_length=5, initial="17:00")
    slot_minutes = forms.TypedChoiceField(
        label="Each conversation",
        coerce=int,
        choices=[(15, "15 minutes"), (20, "20 minutes"), (30, "30 minutes"), (45, "45 minutes"),
                 (60, "1 hour")],
        initial=30,
    )  # fmt: skip
    capacity = forms.IntegerField(
        label="People per conversation", min_value=1, max_value=8, initial=1,
        help_text="More than one makes it a small group conversation.",
    )  # fmt: skip
    about = forms.CharField(label="What you are glad to talk about", max_length=300, required=False)
    video_link = video_link_field("Video link (if your programme has no rooms)")

    def __init__(self, *args: Any, host: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programmes"]
        field.queryset = Programme.objects.filter(  # type: ignore[attr-defined]
            memberships__user=host, memberships__role=Role.MENTOR, offers_office_hours=True
        ).distinct()


class BookForm(forms.Form):
    slot = forms.CharField(widget=forms.HiddenInput, max_length=40)
    topic = forms.CharField(
        label="What would you like to talk about?", max_length=200, min_length=3
    )


class RecordForm(forms.Form):
    happened = forms.TypedChoiceField(
        coerce=lambda v: v == "yes", choices=[("yes", "We talked"), ("no", "It did not happen")]
    )
    absent = forms.IntegerField(required=False, min_value=1, max_value=2**62)


class CheckinForm(forms.Form):
    useful = forms.TypedChoiceField(
        label="How useful was it?",
        coerce=int,
        choices=[(5, "5: very"), (4, "4"), (3, "3"), (2, "2"), (1, "1: not at all")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Anything to remember (only you see this)", max_length=500, required=False
    )
