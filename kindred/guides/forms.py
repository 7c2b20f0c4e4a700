from django import forms
from django.utils.translation import gettext_lazy

from kindred.guides.models import Question


class OwnQuestionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Your own question"), max_length=300)
    level = forms.TypedChoiceField(
        label=gettext_lazy("Depth"), coerce=int, choices=Question.Level.choices, initial=1
    )


class ProgrammeQuestionForm(OwnQuestionForm):
    tags = forms.CharField(
        label=gettext_lazy("Tags"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Comma-separated, e.g. career, feedback. A pair never sees a question tagged with"
            " a topic either person put off limits."
        ),
    )

    def tag_list(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]
