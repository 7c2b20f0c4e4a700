from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from kindred.accounts.models import User
from kindred.circles.models import Circle, CircleAgreement
from kindred.lib.forms import DayField
from kindred.meetings.forms import ProposeForm
from kindred.profiles.logistics import LINE_EXAMPLE, SYNC_CHANNELS
from kindred.programs.models import Role
from kindred.relationships.forms import video_link_field
from kindred.safety.forms import ConcernForm as SafetyConcernForm
from kindred.safety.models import SCALE


class AgreementForm(forms.Form):
    cadence = forms.ChoiceField(
        label=gettext_lazy("How often the circle meets"), choices=CircleAgreement.Cadence.choices
    )
    session_minutes = forms.TypedChoiceField(
        label=gettext_lazy("Session length"),
        coerce=int,
        choices=[
            (45, gettext_lazy("45 minutes")),
            (60, gettext_lazy("1 hour")),
            (75, gettext_lazy("1 hour 15")),
            (90, gettext_lazy("1 hour 30")),
        ],
    )
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("How the circle meets live"),
        choices=list(SYNC_CHANNELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    video_link = video_link_field(
        gettext_lazy("Video link (if the programme has no room for circles)")
    )
    objectives = forms.CharField(
        label=gettext_lazy("What the circle wants from its time together"),
        help_text=gettext_lazy("A few lines: the themes and goals you share."),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def terms(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CircleAgreement.TERMS}


class SignForm(forms.Form):
    off_limits = forms.CharField(
        label=gettext_lazy("Your hours off limits"),
        help_text=format_lazy(
            gettext_lazy(
                "One per line, in your own time zone, for example {example}. Everyone in the "
                "circle sees them; meetings are never arranged in them."
            ),
            example=LINE_EXAMPLE,
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Write to the circle"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RenameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Circle name"), max_length=80)


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why you are leaving (optional, for the facilitators and managers)"),
        required=False,
        max_length=500,
    )


class ArrangeForm(ProposeForm):
    """A circle meeting, or a series of them that rotates the awkward hour."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes"].choices = [  # type: ignore[attr-defined]
            (45, gettext_lazy("45 minutes")), (60, gettext_lazy("1 hour")),
            (75, gettext_lazy("1 hour 15")), (90, gettext_lazy("1 hour 30")),
        ]  # fmt: skip
        self.fields["repeat"].label = gettext_lazy("Plan a series on the circle's cadence")
        self.fields["repeat"].help_text = gettext_lazy(
            "Each near this time; when it is awkward for someone, the next ones favour them."
        )


class CheckInForm(forms.Form):
    sharing_comfortable = forms.TypedChoiceField(
        label=gettext_lazy('How comfortable did you feel sharing?'), coerce=int, choices=SCALE,
        widget=forms.RadioSelect,
    )  # fmt: skip
    boundaries_respected = forms.TypedChoiceField(
        label=gettext_lazy('How well were your boundaries respected?'), coerce=int, choices=SCALE,
        widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(
        label=gettext_lazy('Anything else (only you see this)'), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class CoFacilitatorForm(forms.Form):
    person = forms.ModelChoiceField(
        label=gettext_lazy("Add a co-facilitator"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, circle: Circle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        already = circle.places.filter(left_at__isnull=True).values_list("person_id", flat=True)
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                memberships__programme=circle.programme, memberships__role=Role.MENTOR
            )
            .exclude(pk__in=already)
            .order_by("full_name")
        )


class ConcernForm(SafetyConcernForm):
    """A concern about someone in the circle: whom, then as for a pair."""

    about = forms.TypedChoiceField(label=gettext_lazy("Who is it about?"), coerce=int, choices=[])
    field_order = ["about", "category", "text", "wants_contact"]

    def __init__(self, *args: Any, others: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [(p.pk, p.display_name) for p in others]  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your notes"),
        max_length=10_000,
        help_text=gettext_lazy(
            "Everyone in the circle reads them. Markdown works: **bold**, lists, links."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("I will"), max_length=300, min_length=3)
    due_date = DayField(label=gettext_lazy("By (your date)"))
