from __future__ import annotations

from django import forms

from kindred.lib.forms import DateTimeInput


class ProposeForm(forms.Form):
    start = forms.DateTimeField(
        label="Start (your local time)",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=DateTimeInput(),
    )
    minutes = forms.TypedChoiceField(
        label="Length",
        coerce=int,
        choices=[(30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1 hour 30")],
        initial=45,
    )
    repeat = forms.BooleanField(label="Repeat on our agreed cadence", required=False)
    count = forms.IntegerField(
        label="Number of meetings", min_value=2, max_value=26, initial=6, required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label="Reason (optional)", required=False, max_length=500)


class RecordForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("held", "We met"), ("missed", "We did not meet")])
    absent = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    late = forms.IntegerField(required=False, min_value=1, max_value=2**62)


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note",
        max_length=10_000,
        help_text="Markdown works: **bold**, lists, links.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    shared = forms.BooleanField(
        label="Share with my partner", required=False, help_text="Otherwise only you can read it."
    )
