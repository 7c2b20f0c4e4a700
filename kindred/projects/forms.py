from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from kindred.lib.forms import DayField
from kindred.projects.files import allowed_names


class ProjectForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Project"), max_length=120)
    purpose = forms.CharField(
        label=gettext_lazy("What it is for"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    beneficiaries = forms.CharField(
        label=gettext_lazy("Who benefits"), max_length=300, required=False
    )
    skills = forms.MultipleChoiceField(
        label=gettext_lazy("Skills it builds"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, skills: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = [(s, s) for s in skills]  # type: ignore[attr-defined]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Milestone"), max_length=200)
    due_date = DayField(label=gettext_lazy("Due"))
    owner = forms.TypedChoiceField(label=gettext_lazy("Owner"), coerce=int)


class DeliverableForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Deliverable"), max_length=200)
    link = forms.URLField(
        label=gettext_lazy("Link"), required=False, max_length=500, assume_scheme="https"
    )
    file = forms.FileField(
        label=gettext_lazy("Or a file"),
        required=False,
        help_text=gettext_lazy("Up to 10 MB: %(allowed_names)s.")
        % {"allowed_names": allowed_names()},
    )


class FeedbackForm(forms.Form):
    worked = forms.CharField(
        label=gettext_lazy("What worked"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    improve = forms.CharField(
        label=gettext_lazy("What to improve"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    try_next = forms.CharField(label=gettext_lazy("One thing to try next"), max_length=500)


class ShowcaseForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Summary for the showcase"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    deliverable = forms.TypedChoiceField(label=gettext_lazy("Deliverable to show"), coerce=int)
