from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.accounts.models import User
from kindred.lib.forms import DayField
from kindred.lib.programme_texts import Text
from kindred.programs.models import Programme, Role


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "format",
            "offers_office_hours",
            "description",
            "goals",
            "invitation_note",
            "language",
            "start_date",
            "end_date",
            "status",
            "default_cadence",
            "mentor_capacity_default",
            "joint_project_expected",
            "showcase_date",
            "survey_first_day",
            "survey_every_days",
            "video",
            "jitsi_base_url",
            "jitsi_app_id",
        ]
        field_classes = {"start_date": DayField, "end_date": DayField, "showcase_date": DayField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "invitation_note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "mentor_capacity_default": gettext_lazy("Mentees per mentor (default)"),
            "survey_first_day": gettext_lazy(
                "First pulse survey, days after a relationship starts"
            ),
            "survey_every_days": gettext_lazy("Then a pulse survey every (days)"),
        }
        help_texts = {
            "showcase_date": gettext_lazy(
                "When joint projects are presented, if they are expected."
            ),
            "survey_every_days": gettext_lazy("And one more on the programme's last day."),
        }

    SURVEY_FIELDS = ("survey_first_day", "survey_every_days")

    jitsi_base_url = forms.URLField(
        label=gettext_lazy("Jitsi server"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=gettext_lazy("https://meet.jit.si, or your organisation's own Jitsi Meet."),
    )
    jitsi_secret = forms.CharField(
        label=gettext_lazy("Jitsi app secret"),
        required=False,
        max_length=500,
        help_text=gettext_lazy(
            "With the app ID, for a Jitsi server secured with tokens. Stored encrypted; leave"
            " empty to keep the one saved."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, can_appoint: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["video"].required = False  # left out, the programme's choice stays
        self.fields["format"].required = False
        self.fields["language"].required = False  # left out, the programme's own stays
        if self.instance.pk and self.instance.has_matched():
            self.fields["format"].disabled = True  # fixed once people are matched
            self.fields["format"].help_text = gettext_lazy(
                "Fixed now that people have been matched: create a new programme for another."
            )
        for name in self.SURVEY_FIELDS:  # left empty, the current (or default) schedule stays
            self.fields[name].required = False
        if can_appoint:
            # Only organisation admins appoint managers; they name them by e-mail
            # because an organisation has far too many people for a picker.
            current = self.instance.managers.all() if self.instance.pk else []
            self.fields["manager_emails"] = forms.CharField(
                label=_("Programme managers"),
                help_text=_("E-mail addresses of the people who run this programme, one per line."),
                required=False,
                max_length=2000,
                initial="\n".join(m.email for m in current),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean_language(self) -> str:
        return str(self.cleaned_data.get("language") or self.instance.language)

    def clean_video(self) -> str:
        chosen = self.cleaned_data.get("video")
        return str(chosen or self.instance.video or Programme.Video.AGREEMENT)

    def clean_manager_emails(self) -> list[User]:
        emails = [e.strip().lower() for e in self.cleaned_data["manager_emails"].split()]
        found = {u.email: u for u in User.objects.filter(email__in=emails, is_active=True)}
        missing = [e for e in emails if e not in found]
        if missing:
            raise forms.ValidationError(
                _("No active account for: %(missing)s.") % {"missing": ", ".join(missing)}
            )
        return list(found.values())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for name in self.SURVEY_FIELDS:
            if data.get(name) is None and name not in self.errors:
                data[name] = getattr(self.instance, name)
        if not data.get("format"):  # left out, or fixed: the programme's own stays
            data["format"] = self.instance.format
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The programme must end after it starts."))
        if data.get("joint_project_expected") and not data.get("showcase_date"):
            self.add_error(
                "showcase_date", _("Set a showcase date when a joint project is expected.")
            )
        return data


class InvitationForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=gettext_lazy("Joins as"))
    days_valid = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"), min_value=1, max_value=365, initial=30
    )
    note = forms.CharField(
        label=gettext_lazy("Note (only managers see it)"), max_length=120, required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HR export (CSV or Excel)"),
        help_text=(
            gettext_lazy(
                "Columns: email, full_name, title, level, department, manager_email, "
                "location, timezone, languages and optionally role (mentor, mentee, or empty "
                "to add the person to the directory only). Usual names work too (Full Name, "
                "Time zone, E-mail address…); comma-, semicolon- or tab-separated, UTF-8 or "
                "UTF-16, or .xlsx."
            )
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,text/csv,.txt,.xlsx,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), max_length=100, required=False)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[("", gettext_lazy("Any role")), *Role.choices],
        required=False,
    )
    intake = forms.ChoiceField(
        label=gettext_lazy("Intake"),
        choices=[
            ("", gettext_lazy("Any")),
            ("complete", gettext_lazy("Complete")),
            ("incomplete", gettext_lazy("Not complete")),
        ],
        required=False,
    )
    signed_in = forms.ChoiceField(
        label=gettext_lazy("Signed in"),
        choices=[
            ("", gettext_lazy("Anyone")),
            ("never", gettext_lazy("Not yet")),
            ("yes", gettext_lazy("At least once")),
        ],
        required=False,
    )


class EmailInvitationForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("E-mail addresses"),
        help_text=gettext_lazy("One or more, separated by commas, spaces or new lines."),
        max_length=30_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Invite them as"), choices=Role.choices, initial=Role.MENTEE
    )

    def addresses(self) -> list[str]:
        raw = self.cleaned_data["emails"]
        return [part for part in re.split(r"[\s,;]+", raw) if part]


class FirstPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Choose a password"),
        strip=False,
        max_length=128,
        help_text=gettext_lazy("At least 10 characters, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class TranslationsForm(forms.Form):
    """One field per text the programme wrote, in one other language; a
    blank field leaves readers of that language the original."""

    def __init__(self, texts: list[Text], language: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        for text in texts:
            attrs = {"dir": "auto", "lang": language, "aria-describedby": f"id_{text.key}-original"}
            self.fields[text.key] = forms.CharField(
                label=text.label,
                required=False,
                max_length=text.max_length,
                initial=text.given_in(language),
                widget=forms.Textarea(attrs={"rows": 4, **attrs})
                if text.multiline
                else forms.TextInput(attrs=attrs),
            )

    def pairs(self) -> list[tuple[Text, forms.BoundField]]:
        """Each text beside its field, for the page to show the original."""
        return [(text, self[text.key]) for text in self.texts]
