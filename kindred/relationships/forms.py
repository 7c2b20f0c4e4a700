from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import URLValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.lib.forms import DayField
from kindred.profiles.logistics import ASYNC_CHANNELS, LINE_EXAMPLE, SYNC_CHANNELS
from kindred.programs.models import Role
from kindred.relationships.models import Agreement, CloseOut

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OFF_LIMITS_HELP = format_lazy(
    gettext_lazy(
        "One per line, in their own time zone, for example {example}. Mark a line "
        "(flexible) if a meeting may fall in it with a warning."
    ),
    example=LINE_EXAMPLE,
)


def video_link_field(label: StrOrPromise) -> forms.URLField:
    """An agreement's video link: https only (it becomes a link on pages
    and in invitations)."""
    return forms.URLField(
        label=label,
        required=False,
        max_length=300,
        assume_scheme="https",
        validators=[
            URLValidator(
                schemes=["https"], message=gettext_lazy("Give a link that starts with https://.")
            )
        ],
    )


class AgreementForm(forms.Form):
    cadence = forms.ChoiceField(
        label=gettext_lazy("How often you meet"), choices=Agreement.Cadence.choices
    )
    session_minutes = forms.TypedChoiceField(
        label=gettext_lazy("Session length"),
        coerce=int,
        choices=[
            (30, gettext_lazy("30 minutes")),
            (45, gettext_lazy("45 minutes")),
            (60, gettext_lazy("1 hour")),
            (90, gettext_lazy("1 hour 30")),
        ],
    )
    sync_1 = forms.ChoiceField(
        label=gettext_lazy("First way to meet live"), choices=list(SYNC_CHANNELS.items())
    )
    sync_2 = forms.ChoiceField(
        label=gettext_lazy("Second way to meet live"),
        choices=[("", "—"), *SYNC_CHANNELS.items()],
        required=False,
    )
    video_link = video_link_field(gettext_lazy("Video link (if you meet by video)"))
    async_channels = forms.MultipleChoiceField(
        label=gettext_lazy("Written channels"),
        choices=list(ASYNC_CHANNELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    reply_within_hours = forms.TypedChoiceField(
        label=gettext_lazy("We reply to each other within"),
        coerce=int,
        choices=[
            (24, gettext_lazy("1 day")),
            (48, gettext_lazy("2 days")),
            (72, gettext_lazy("3 days")),
            (168, gettext_lazy("a week")),
        ],
    )
    mentor_off_limits = forms.CharField(
        label=gettext_lazy("Hours off limits for the mentor"),
        help_text=OFF_LIMITS_HELP,
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mentee_off_limits = forms.CharField(
        label=gettext_lazy("Hours off limits for the mentee"),
        help_text=OFF_LIMITS_HELP,
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    objectives = forms.CharField(
        label=gettext_lazy("What we want from this relationship"),
        help_text=gettext_lazy("A few lines each: your shared objectives."),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, names: tuple[str, str] | None = None, **kwargs: Any) -> None:
        """`names`: the two people's, so each line of hours says whose it is
        (peers have no mentor side)."""
        super().__init__(*args, **kwargs)
        if names:
            for field, name in zip(("mentor_off_limits", "mentee_off_limits"), names, strict=True):
                self.fields[field].label = _("Hours off limits for %(name)s") % {"name": name}

    @classmethod
    def initial_from(cls, terms: dict[str, Any]) -> dict[str, Any]:
        sync = list(terms.get("sync_channels") or [])
        return {
            **terms,
            "sync_1": sync[0] if sync else "video",
            "sync_2": sync[1] if len(sync) > 1 else "",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("sync_1"), data.get("sync_2")
        if first and second and first == second:
            self.add_error("sync_2", _("Choose a different second channel, or none."))
        if "video" in (first, second) and not data.get("video_link"):
            self.add_error("video_link", _("Add the link you will use for video calls."))
        data["sync_channels"] = [c for c in (first, second) if c]
        return data

    def terms(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in Agreement.TERMS}


class StatusForm(forms.Form):
    to = forms.ChoiceField(
        choices=[
            ("active", gettext_lazy("Resume")),
            ("paused", gettext_lazy("Pause")),
            ("completed", gettext_lazy("Complete")),
            ("ended_early", gettext_lazy("End early")),
        ]
    )
    note = forms.CharField(label=gettext_lazy("Why (optional)"), required=False, max_length=500)


SHORT = forms.Textarea(attrs={"rows": 2})


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Objective"), max_length=120)
    why = forms.CharField(
        label=gettext_lazy("Why it matters"), required=False, max_length=1000, widget=SHORT
    )
    measures = forms.CharField(
        label=gettext_lazy("How you will know"), required=False, max_length=1000, widget=SHORT
    )
    target_date = DayField(label=gettext_lazy("Target date"), required=False)


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=gettext_lazy("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=gettext_lazy("What moved"), required=False, max_length=500)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class CloseOutForm(forms.Form):
    what_changed = forms.CharField(
        label=gettext_lazy("What changed for you through this relationship?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recommend = forms.TypedChoiceField(
        label=gettext_lazy("Would you recommend this programme to a colleague?"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    mentor_next = forms.ChoiceField(
        label=gettext_lazy("Would you mentor someone next time?"),
        choices=CloseOut.Again.choices,
        widget=forms.RadioSelect,
    )
    ended_early_why = forms.ChoiceField(
        label=gettext_lazy("Why did it end early?"),
        choices=CloseOut.EarlyEnd.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, ended_early: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ended_early:
            del self.fields["ended_early_why"]
