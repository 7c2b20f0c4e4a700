from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.matching import review
from kindred.matching.models import MatchingSettings
from kindred.matching.results import ATTRIBUTE_LABELS
from kindred.profiles.models import Demographics


class MatchingSettingsForm(forms.ModelForm):
    audited_attributes = forms.MultipleChoiceField(
        label=gettext_lazy("Attributes in the fairness audit"),
        choices=[(f, gettext_lazy(ATTRIBUTE_LABELS[f])) for f in Demographics.FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Only group counts of five or more people are ever shown."),
    )

    class Meta:
        model = MatchingSettings
        fields = [
            "weight_values",
            "weight_personality",
            "weight_meaning",
            "weight_fit",
            "weight_logistics",
            "min_overlap_hours",
            "allow_same_department",
            "min_level_gap",
            "audited_attributes",
            "self_match",
            "circle_size",
            "circle_min_size",
            "diversity_by",
            "diversity_weight",
            "balance_opt_in",
        ]
        labels = {
            "weight_values": gettext_lazy("Weight: shared work values"),
            "weight_personality": gettext_lazy("Weight: personality closeness"),
            "weight_meaning": gettext_lazy("Weight: calling, dreams and goals (meaning)"),
            "weight_fit": gettext_lazy("Weight: skills and goals fit"),
            "weight_logistics": gettext_lazy("Weight: shared time and channels"),
            "min_overlap_hours": gettext_lazy("Minimum shared working hours a week"),
            "allow_same_department": gettext_lazy(
                "Allow mentor and mentee from the same department"
            ),
            "min_level_gap": gettext_lazy("Minimum level gap (mentor above mentee)"),
        }

    CIRCLE_FIELDS = (
        "circle_size",
        "circle_min_size",
        "diversity_by",
        "diversity_weight",
        "balance_opt_in",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.programme.is_circles:
            del self.fields["self_match"]  # members are placed in circles, not choosing
            self.fields["allow_same_department"].label = gettext_lazy(
                "Allow a facilitator and member from the same department"
            )
        else:
            for name in self.CIRCLE_FIELDS:
                del self.fields[name]
        if self.instance.programme.is_peer:  # one pool: no mentor side, no level rule
            for name in ("self_match", "min_level_gap"):
                del self.fields[name]
            self.fields["allow_same_department"].label = gettext_lazy(
                "Allow peers from the same department"
            )
        if self.instance.programme.is_reverse:
            gap = self.fields["min_level_gap"]
            gap.label = gettext_lazy("Minimum level gap (mentee above mentor)")
            gap.help_text = gettext_lazy(
                "Reverse mentoring: the mentor is the junior one. Empty means one level."
            )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        weights = [data.get(f) or 0 for f in self.Meta.fields if f.startswith("weight_")]
        if not any(weights):
            raise forms.ValidationError(_("At least one weight must be above zero."))
        size, smallest = data.get("circle_size"), data.get("circle_min_size")
        if size and smallest and smallest > size:
            self.add_error(
                "circle_min_size", _("The smallest circle cannot be larger than the largest.")
            )
        if data.get("diversity_by") in Demographics.FIELDS and not data.get("balance_opt_in"):
            self.add_error(
                "diversity_by",
                _(
                    "Mixing by a self-identified characteristic needs the programme's "
                    "opt-in (the box below); otherwise choose a background from the HR "
                    "record."
                ),
            )
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", gettext_lazy("Accept")), ("decline", gettext_lazy("Decline"))]
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional, shared only with the programme managers)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestForm(forms.Form):
    mentor = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    message = forms.CharField(
        label=gettext_lazy("A short note to the mentor (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SwapForm(forms.Form):
    first = forms.IntegerField(min_value=1, max_value=2**62, required=False)
    other = forms.IntegerField(
        min_value=1, max_value=2**62, label=gettext_lazy("Swap mentors with")
    )


class ReviewForm(forms.Form):
    """Find pairs in a run: by name, score band, flag; in an order."""

    q = forms.CharField(label=gettext_lazy("Find a person"), required=False, max_length=100)
    band = forms.ChoiceField(
        label=gettext_lazy("Match strength"),
        required=False,
        choices=[("", gettext_lazy("Any")), *((k, v[0]) for k, v in review.BANDS.items())],
    )
    flag = forms.ChoiceField(
        label=gettext_lazy("Show only"),
        required=False,
        choices=[("", gettext_lazy("All pairs")), *((k, v[0]) for k, v in review.FLAGS.items())],
    )
    order = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[(k, v[0]) for k, v in review.ORDERS.items()],
    )

    def criteria(self) -> review.Criteria:
        if not self.is_valid():
            return review.Criteria()
        data = self.cleaned_data
        return review.Criteria(
            data["q"].strip(), data["band"], data["flag"], data["order"] or "best"
        )
