from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kindred.accounts.models import User
from kindred.lib.forms import DayField
from kindred.lib.ids import parse_id
from kindred.lib.languages import language_choices
from kindred.lib.timezones import LEGACY_ALIASES, zone_choices
from kindred.profiles import instruments, logistics
from kindred.profiles.models import Demographics, Profile, Topic
from kindred.profiles.selectors import topics_available_to

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _scale(labels: dict[int, StrOrPromise]) -> list[tuple[int, str]]:
    return [(value, f"{value} · {label}") for value, label in labels.items()]


class ValuesForm(forms.Form):
    def __init__(self, *args: Any, profile: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value in instruments.WORK_VALUES:
            self.fields[value.key] = forms.TypedChoiceField(
                label=value.name,
                help_text=value.prompt,
                choices=_scale(instruments.VALUE_LABELS),
                coerce=int,
                widget=forms.RadioSelect,
                initial=profile.values.get(value.key),
            )

    def ratings(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in instruments.WORK_VALUE_KEYS}


class PersonalityForm(forms.Form):
    def __init__(self, *args: Any, profile: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        answers = profile.tipi_answers or []
        for number, item in enumerate(instruments.TIPI_ITEMS, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                # TIPI-J's items are whole sentences: its translation drops the stem.
                label=pgettext_lazy("TIPI item", "%(number)s. I see myself as: %(item)s")
                % {"number": number, "item": item},
                choices=_scale(instruments.TIPI_LABELS),
                coerce=int,
                widget=forms.RadioSelect,
                initial=answers[number - 1] if len(answers) == 10 else None,
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, 11)]


class TopicChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> Any:
        for pk in value or []:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CallingForm(forms.Form):
    calling = forms.CharField(
        label=gettext_lazy("Your professional calling"),
        help_text=gettext_lazy(
            "What draws you to your work, and what you want it to mean (a few lines)."
        ),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    career_dreams = forms.CharField(
        label=gettext_lazy("Your career dreams"),
        help_text=gettext_lazy("Where you hope to be in five or ten years, however bold."),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    goals = TopicChoiceField(
        queryset=Topic.objects.none(), required=False, label=gettext_lazy("Your goals")
    )
    skills_sought = TopicChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        label=gettext_lazy("Skills you want to build"),
    )
    skills_offered = TopicChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        label=gettext_lazy("Skills you can offer as a mentor"),
    )

    def __init__(self, *args: Any, user: User, roles: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = topics_available_to(user, Topic.Kind.GOAL)  # type: ignore[attr-defined]
        skills = topics_available_to(user, Topic.Kind.SKILL)
        self.fields["skills_sought"].queryset = skills  # type: ignore[attr-defined]
        self.fields["skills_offered"].queryset = skills  # type: ignore[attr-defined]
        # Someone only mentoring is not asked for goals, and vice versa.
        if roles and "mentee" not in roles:
            del self.fields["goals"], self.fields["skills_sought"]
        if roles and "mentor" not in roles:
            del self.fields["skills_offered"]

    def topic_ids(self, name: str) -> list[int]:
        chosen = self.cleaned_data.get(name)
        return [topic.pk for topic in chosen] if chosen is not None else []


# Whole labels, not an ordinal glued to a noun: languages inflect both.
LIVE_RANKS = (
    gettext_lazy("First choice (live)"),
    gettext_lazy("Second choice (live)"),
    gettext_lazy("Third choice (live)"),
)
WRITTEN_RANKS = (
    gettext_lazy("First choice (written)"),
    gettext_lazy("Second choice (written)"),
    gettext_lazy("Third choice (written)"),
)


def _rank_choices(channels: dict[str, str]) -> list[tuple[str, str]]:
    return [("", "—"), *channels.items()]


class LogisticsForm(forms.Form):
    timezone = forms.ChoiceField(
        label=gettext_lazy("Your time zone"),
        help_text=gettext_lazy(
            "We fill this in from your device; check it is where you work from."
        ),
        # The browser may report a legacy name; the script maps it with these.
        widget=forms.Select(attrs={"data-browser-timezone": json.dumps(LEGACY_ALIASES)}),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages you can mentor in"),
        help_text=gettext_lazy("Tick each language you could hold a mentoring conversation in."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: User, profile: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone_field = cast(forms.ChoiceField, self.fields["timezone"])
        zone_field.choices = [("", _("Choose your time zone")), *zone_choices()]
        self.fields["timezone"].initial = user.timezone if user.timezone != "UTC" else ""
        # A searchable list of checkboxes (profiles/steps/logistics.html), the
        # person's own languages first so they see what they chose.
        mine = set(user.languages)
        choices = language_choices()
        self.fields["languages"].choices = [  # type: ignore[attr-defined]
            *(c for c in choices if c[0] in mine),
            *(c for c in choices if c[0] not in mine),
        ]
        self.fields["languages"].initial = user.languages
        for day in range(7):
            self.fields[f"day_{day}"] = forms.CharField(
                label=WEEKDAYS[day],
                required=False,
                max_length=120,
                initial=logistics.format_day_windows(profile.working_windows, day),
                # data-day: the week grid (kindred.js) keeps this field in step.
                widget=forms.TextInput(
                    attrs={
                        "placeholder": _("e.g. 09:00-12:00, 13:00-17:00"),
                        "data-day": WEEKDAYS[day],
                        "data-day-short": WEEKDAYS_ABBR[day],
                    }
                ),
            )
        self._rank_fields("sync", logistics.SYNC_CHANNELS, profile.sync_channels, LIVE_RANKS)
        self._rank_fields("async", logistics.ASYNC_CHANNELS, profile.async_channels, WRITTEN_RANKS)

    def _rank_fields(
        self, prefix: str, channels: dict[str, Any], current: list[str], ranks: tuple[Any, ...]
    ) -> None:
        for rank in range(1, len(channels) + 1):
            self.fields[f"{prefix}_{rank}"] = forms.ChoiceField(
                label=ranks[rank - 1],
                choices=_rank_choices(channels),
                required=False,
                initial=current[rank - 1] if len(current) >= rank else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        windows: list[logistics.Window] = []
        for day in range(7):
            try:
                windows += logistics.parse_day_windows(day, data.get(f"day_{day}", "") or "")
            except logistics.LogisticsError as exc:
                self.add_error(f"day_{day}", str(exc))
        if not windows and not self.errors:
            self.add_error("day_0", _("Give at least one time in the week when you can meet."))
        data["working_windows"] = windows
        for prefix in ("sync", "async"):
            ranked = [data.get(f"{prefix}_{n}") for n in range(1, 4)]
            chosen = [c for c in ranked if c]
            if len(set(chosen)) != len(chosen):
                self.add_error(f"{prefix}_1", _("Choose each channel only once."))
            data[f"{prefix}_channels"] = chosen
        if not data["sync_channels"]:
            self.add_error("sync_1", _("Choose at least one way to meet live."))
        return data


class TimeInput(forms.TimeInput):
    input_type = "time"


def clock(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


class BoundariesForm(forms.Form):
    quiet_start = forms.TimeField(
        label=gettext_lazy("Quiet hours start"), required=False, widget=TimeInput
    )
    quiet_end = forms.TimeField(
        label=gettext_lazy("Quiet hours end"), required=False, widget=TimeInput
    )
    topics_off_limits = forms.CharField(
        label=gettext_lazy("Topics you would rather not discuss"),
        help_text=gettext_lazy("One per line. Conversation guides will never suggest these."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    camera_optional = forms.BooleanField(
        label=gettext_lazy("I'd like camera to be optional in our calls"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if bool(start) != bool(end):
            self.add_error("quiet_end", _("Give both a start and an end, or neither."))
        data["quiet_hours"] = {"start": clock(start), "end": clock(end)} if start and end else None
        data["topics"] = (data.get("topics_off_limits") or "").splitlines()
        return data


class BlockForm(forms.Form):
    label = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", "—"), *logistics.BLOCK_LABELS.items()],
        required=False,
    )
    days = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Days"),
        choices=list(WEEKDAYS_ABBR.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.TimeField(label=gettext_lazy("From"), required=False, widget=TimeInput)
    end = forms.TimeField(label=gettext_lazy("Until"), required=False, widget=TimeInput)
    hard = forms.TypedChoiceField(
        label=gettext_lazy("Strictness"),
        choices=[
            ("1", gettext_lazy("Hard: never schedule")),
            ("0", gettext_lazy("Soft: avoid if possible")),
        ],
        coerce=lambda v: v == "1",
        initial="1",
    )

    def block(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("label"):
            return None
        return {
            "label": data["label"],
            "days": data.get("days") or [],
            "start": clock(data.get("start")),
            "end": clock(data.get("end")),
            "hard": data.get("hard", True),
        }


BlockFormSet = forms.formset_factory(
    BlockForm, extra=2, max_num=12, absolute_max=12, validate_max=True
)


def block_initial(profile: Profile) -> list[dict[str, Any]]:
    return [
        {
            "label": b["label"],
            "days": b["days"],
            "start": b["start"],
            "end": b["end"],
            "hard": "1" if b["hard"] else "0",
        }
        for b in profile.boundary_blocks
    ]


class DemographicsForm(forms.ModelForm):
    class Meta:
        model = Demographics
        fields = list(Demographics.FIELDS)
        labels = {
            "gender": gettext_lazy("Gender"),
            "age_band": gettext_lazy("Age band"),
            "ethnicity": gettext_lazy("Ethnicity"),
            "first_generation_professional": gettext_lazy(
                "First in your family in a professional career"
            ),
            "caregiver": gettext_lazy("Caring for children or other dependants"),
            "disability": gettext_lazy("Disability or long-term condition"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            choices = [c for c in field.choices if c[0] != ""]  # type: ignore[attr-defined]
            field.choices = [("", _("Not answered")), *choices]  # type: ignore[attr-defined]


class TimeOffForm(forms.Form):
    first_day = DayField(label=gettext_lazy("From"))
    last_day = DayField(
        label=gettext_lazy("Until (inclusive)"),
        required=False,
        help_text=gettext_lazy("Leave empty for a single day."),
    )
    hours = forms.CharField(
        label=gettext_lazy("Hours you can meet those days"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("Leave empty if you are away. Otherwise, for example 10:00-13:00."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note for your partners (optional)"),
        required=False,
        max_length=80,
        help_text=gettext_lazy("For example: school holidays, leave, conference."),
    )


class TopicForm(forms.Form):
    kind = forms.ChoiceField(choices=Topic.Kind.choices, label=gettext_lazy("Kind"))
    name = forms.CharField(max_length=80, label=gettext_lazy("Name"))
