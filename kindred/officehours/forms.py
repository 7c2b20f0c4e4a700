from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from kindred.accounts.models import User
from kindred.officehours.models import OfficeHours
from kindred.programs.models import Programme, Role
from kindred.relationships.forms import video_link_field


class HoursForm(forms.Form):
    programmes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("For people in"),
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Every"), coerce=int, choices=OfficeHours.DAYS
    )
    start = forms.CharField(
        label=gettext_lazy("From (your time, HH:MM)"), max_length=5, initial="16:00"
    )
    end = forms.CharField(label=gettext_lazy("Until"), max_length=5, initial="17:00")
    slot_minutes = forms.TypedChoiceField(
        label=gettext_lazy('Each conversation'),
        coerce=int,
        choices=[
            (15, gettext_lazy("15 minutes")),
            (20, gettext_lazy("20 minutes")),
            (30, gettext_lazy("30 minutes")),
            (45, gettext_lazy("45 minutes")),
            (60, gettext_lazy("1 hour")),
        ],
        initial=30,
    )  # fmt: skip
    capacity = forms.IntegerField(
        label=gettext_lazy('People per conversation'), min_value=1, max_value=8, initial=1,
        help_text=gettext_lazy('More than one makes it a small group conversation.'),
    )  # fmt: skip
    about = forms.CharField(
        label=gettext_lazy("What you are glad to talk about"), max_length=300, required=False
    )
    video_link = video_link_field(gettext_lazy("Video link (if your programme has no rooms)"))

    def __init__(self, *args: Any, host: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programmes"]
        field.queryset = Programme.objects.filter(  # type: ignore[attr-defined]
            memberships__user=host, memberships__role=Role.MENTOR, offers_office_hours=True
        ).distinct()


class BookForm(forms.Form):
    slot = forms.CharField(widget=forms.HiddenInput, max_length=40)
    topic = forms.CharField(
        label=gettext_lazy("What would you like to talk about?"), max_length=200, min_length=3
    )


class RecordForm(forms.Form):
    happened = forms.TypedChoiceField(
        coerce=lambda v: v == "yes",
        choices=[("yes", gettext_lazy("We talked")), ("no", gettext_lazy("It did not happen"))],
    )
    absent = forms.IntegerField(required=False, min_value=1, max_value=2**62)


class CheckinForm(forms.Form):
    useful = forms.TypedChoiceField(
        label=gettext_lazy("How useful was it?"),
        coerce=int,
        choices=[
            (5, gettext_lazy("5: very")),
            (4, "4"),
            (3, "3"),
            (2, "2"),
            (1, gettext_lazy("1: not at all")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Anything to remember (only you see this)"),
        max_length=500,
        required=False,
    )
