from django import forms

from kindred.guides.models import Question


class OwnQuestionForm(forms.Form):
    text = forms.CharField(label="Your own question", max_length=300)
    level = forms.TypedChoiceField(
        label="Depth", coerce=int, choices=Question.Level.choices, initial=1
    )


class ProgrammeQuestionForm(OwnQuestionForm):
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=200,
        help_text="Comma-separated, e.g. career, feedback. A pair never sees a question "
        "tagged with a topic either person put off limits.",
    )

    def tag_list(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]
