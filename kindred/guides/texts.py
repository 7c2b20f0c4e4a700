"""The programme's own conversation questions on its languages page
(kindred.lib.programme_texts)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kindred.guides.models import Question
from kindred.guides.services import QUESTION_LIMIT, question_translations_save
from kindred.lib.programme_texts import Text, texts_from
from kindred.programs.models import Programme


@texts_from("question", save=question_translations_save)
def question_texts(programme: Programme) -> list[Text]:
    questions = Question.objects.filter(programme=programme, retired=False)
    return [
        Text(
            key=f"question-{question.pk}",
            label=_("A conversation question: %(level)s") % {"level": question.get_level_display()},
            original=question.text,
            translations=question.translations,
            max_length=QUESTION_LIMIT,
            multiline=False,
        )
        for question in questions
    ]
