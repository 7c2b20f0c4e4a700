from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.development.assessment import SKILL, STATEMENTS
from kindred.development.models import ProgrammeModule, RequiredOf, Requirement
from kindred.development.modules import MODULES, Module
from kindred.development.services import NOTE_LIMIT
from kindred.lib.forms import RatingsForm

# The model's labels, shortened to fit a phone-width select.
SHORT_REQUIREMENTS = [
    (Requirement.NONE, gettext_lazy("Not required")),
    (Requirement.BEFORE_MATCHING, gettext_lazy("Before matching")),
    (Requirement.FIRST_MONTH, gettext_lazy("In the first month")),
]


class ScenarioForm(forms.Form):
    def __init__(self, *args: Any, module: Module, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"] = forms.ChoiceField(
            label=module.scenario.question,
            choices=[(c.key, c.text) for c in module.scenario.choices],
            widget=forms.RadioSelect,
            error_messages={"required": gettext_lazy("Choose one of the answers.")},
        )


class SelfAssessmentForm(RatingsForm):
    """Eighteen statements, each rated 1-7; any may be skipped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for statement in STATEMENTS:
            self.add_rating(statement.key, statement.text, SKILL)


class ProgrammeModulesForm(forms.Form):
    """Per module: whether and when it is required, of whom, and a note."""

    def __init__(self, *args: Any, current: dict[str, ProgrammeModule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for module in MODULES:
            setting = current.get(module.key)
            self.fields[f"{module.key}-requirement"] = forms.ChoiceField(
                label=_("Required"),
                choices=SHORT_REQUIREMENTS,
                required=False,
                initial=setting.requirement if setting else Requirement.NONE,
            )
            self.fields[f"{module.key}-required_of"] = forms.ChoiceField(
                label=_("Of whom"),
                choices=RequiredOf.choices,
                initial=setting.required_of if setting else RequiredOf.MENTORS,
            )
            self.fields[f"{module.key}-note"] = forms.CharField(
                label=_("Your programme's note"),
                required=False,
                max_length=NOTE_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=setting.note if setting else "",
                help_text=_(
                    "Shown to your participants with the module, for example how it applies "
                    "in your organisation."
                ),
            )

    def groups(self) -> list[tuple[Module, list[forms.BoundField]]]:
        return [
            (m, [self[f"{m.key}-{name}"] for name in ("requirement", "required_of", "note")])
            for m in MODULES
        ]

    def settings(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            m.key: {
                name: data[f"{m.key}-{name}"] for name in ("requirement", "required_of", "note")
            }
            for m in MODULES
        }
