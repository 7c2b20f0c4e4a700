from __future__ import annotations

from typing import Any

from django import forms

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
        label="How often the circle meets", choices=CircleAgreement.Cadence.choices
    )
    session_minutes = forms.TypedChoiceField(
        label="Session length",
        coerce=int,
        choices=[(45, "45 minutes"), (60, "1 hour"), (75, "1 hour 15"), (90, "1 hour 30")],
    )
    channels = forms.MultipleChoiceField(
        label="How the circle meets live",
        choices=list(SYNC_CHANNELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    video_link = video_link_field("Video link (if the programme has no room for circles)")
    objectives = forms.CharField(
        label="What the circle wants from its time together",
        help_text="A few lines: the themes and goals you share.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def terms(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CircleAgreement.TERMS}


class SignForm(forms.Form):
    off_limits = forms.CharField(
        label="Your hours off limits",
        help_text="One per line, in your own time zone, for example "
        + LINE_EXAMPLE
        + ". Everyone in the circle sees them; meetings are never arranged in them.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Write to the circle", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RenameForm(forms.Form):
    name = forms.CharField(label="Circle name", max_length=80)


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label="Why you are leaving (optional, for the facilitators and managers)",
        required=False,
        max_length=500,
    )


class ArrangeForm(ProposeForm):
    """A circle meeting, or a series of them that rotates the awkward hour."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes"].choices = [  # type: ignore[attr-defined]
            (45, "45 minutes"), (60, "1 hour"), (75, "1 hour 15"), (90, "1 hour 30"),
        ]  # fmt: skip
        self.fields["repeat"].label = "Plan a series on the circle's cadence"
        self.fields[
            "repeat"
        ].help_text = (
            "Each near this time; when it is awkward for someone, the next ones favour them."
        )


class CheckInForm(forms.Form):
    sharing_comfortable = forms.TypedChoiceField(
        label="How comfortable did you feel sharing?", coerce=int, choices=SCALE,
        widget=forms.RadioSelect,
    )  # fmt: skip
    boundaries_respected = forms.TypedChoiceField(
        label="How well were your boundaries respected?", coerce=int, choices=SCALE,
        widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(
        label="Anything else (only you see this)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class CoFacilitatorForm(forms.Form):
    person = forms.ModelChoiceField(label="Add a co-facilitator", queryset=User.objects.none())

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

    about = forms.TypedChoiceField(label="Who is it about?", coerce=int, choices=[])
    field_order = ["about", "category", "text", "wants_contact"]

    def __init__(self, *args: Any, others: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [(p.pk, p.display_name) for p in others]  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Your notes",
        max_length=10_000,
        help_text="Everyone in the circle reads them. Markdown works: **bold**, lists, links.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(label="I will", max_length=300, min_length=3)
    due_date = DayField(label="By (your date)")
