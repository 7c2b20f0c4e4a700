from django import forms
from django.utils.translation import gettext_lazy

from kindred.safety.models import SCALE, ConcernReport


class CheckInForm(forms.Form):
    sharing_comfortable = forms.TypedChoiceField(
        label=gettext_lazy("The level of personal sharing felt comfortable"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    boundaries_respected = forms.TypedChoiceField(
        label=gettext_lazy("I felt my boundaries were respected"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Anything else (optional, only you see it)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConcernForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("What is it about"),
        choices=ConcernReport.Category.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=4000,
        help_text=gettext_lazy("As much or as little as you want to say."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    wants_contact = forms.BooleanField(
        label=gettext_lazy("I would like someone from the programme team to contact me"),
        required=False,
    )


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ConcernReport.Status.choices)
    outcome = forms.ChoiceField(choices=[("", "—"), *ConcernReport.Outcome.choices], required=False)


class CaseNoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Add a note (managers only)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
