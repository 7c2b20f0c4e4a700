from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.lib.errors import InvalidInput
from kindred.lib.forms import DateTimeInput


class ProposeForm(forms.Form):
    start = forms.DateTimeField(
        label=gettext_lazy("Start (your local time)"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=DateTimeInput(),
    )
    minutes = forms.TypedChoiceField(
        label=gettext_lazy("Length"),
        coerce=int,
        choices=[
            (30, gettext_lazy("30 minutes")),
            (45, gettext_lazy("45 minutes")),
            (60, gettext_lazy("1 hour")),
            (90, gettext_lazy("1 hour 30")),
        ],
        initial=45,
    )
    repeat = forms.BooleanField(label=gettext_lazy("Repeat on our agreed cadence"), required=False)
    count = forms.IntegerField(
        label=gettext_lazy("Number of meetings"),
        min_value=2,
        max_value=26,
        initial=6,
        required=False,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"), required=False, max_length=500
    )


class RecordForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("held", gettext_lazy("We met")), ("missed", gettext_lazy("We did not meet"))]
    )
    absent = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    late = forms.IntegerField(required=False, min_value=1, max_value=2**62)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=10_000,
        help_text=gettext_lazy("Markdown works: **bold**, lists, links."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    shared = forms.BooleanField(
        label=gettext_lazy("Share with my partner"),
        required=False,
        help_text=gettext_lazy("Otherwise only you can read it."),
    )


def minutes_from(data: QueryDict) -> int:
    try:
        return int(data.get("minutes", "45"))
    except ValueError as exc:
        raise InvalidInput(_("The length must be a number of minutes.")) from exc


def start_from(data: QueryDict, zone: str) -> dt.datetime:
    """A suggested slot's UTC instant, or a time typed in the proposer's
    zone (a pair's meeting or a circle's)."""
    slot = data.get("slot")
    if isinstance(slot, str) and slot:
        return _slot_instant(slot)
    form = ProposeForm(data)
    if not form.is_valid():
        raise InvalidInput(_("Give a date and time for the meeting."))
    naive = form.cleaned_data["start"].replace(tzinfo=None)
    try:
        return naive.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC)
    except OverflowError as exc:  # the first or last day of the calendar, shifted off it
        raise InvalidInput(_("Propose a time within the next two years.")) from exc


def _slot_instant(text: str) -> dt.datetime:
    """Suggested slots carry their UTC offset; anything else was not one of ours."""
    try:
        moment = dt.datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise ValueError("no offset")
        return moment.astimezone(dt.UTC)
    except (ValueError, OverflowError) as exc:
        raise InvalidInput(_("That suggested time is not valid any more.")) from exc
