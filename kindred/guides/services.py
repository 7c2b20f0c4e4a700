"""Writes for guides: the pair records questions asked or skipped and adds
their own; programme managers add, edit and retire their programme's."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.guides.models import Question, QuestionUse
from kindred.guides.selectors import questions_for
from kindred.lib import logs
from kindred.lib.errors import InvalidInput, NotFound
from kindred.lib.programme_texts import check_language, translate_rows
from kindred.meetings.models import Meeting
from kindred.programs.models import Programme
from kindred.programs.policies import require_programme_manager
from kindred.relationships.models import Relationship
from kindred.relationships.policies import require_pair_member

MAX_TAGS = 6
QUESTION_LIMIT = 300


def _clean_text(text: str) -> str:
    text = text.strip()
    if not 5 <= len(text) <= QUESTION_LIMIT:
        raise InvalidInput.on("text", _("Write a question of 5 to 300 characters."))
    return text


def _clean_level(level: int) -> int:
    if level not in Question.Level.values:
        raise InvalidInput.on("level", _("Choose a level from 1 to 4."))
    return level


def _clean_tags(tags: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(t.strip().lower()[:30] for t in tags if t.strip()))
    if len(cleaned) > MAX_TAGS:
        raise InvalidInput.on("tags", _("Use at most %(tags)s tags.") % {"tags": MAX_TAGS})
    return cleaned


@logs.logged
@transaction.atomic
def question_record(
    *,
    actor: User,
    relationship: Relationship,
    question_id: int,
    outcome: str,
    meeting_id: int | None = None,
) -> QuestionUse:
    """Mark a question asked or skipped; marking it again changes the mark."""
    require_pair_member(actor, relationship, _("record its conversation"))
    if outcome not in QuestionUse.Outcome.values:
        raise InvalidInput.on("outcome", _("Mark the question asked or skipped."))
    if not questions_for(relationship).filter(pk=question_id).exists():
        raise NotFound(_("No such question."))
    if (
        meeting_id is not None
        and not Meeting.objects.filter(pk=meeting_id, relationship=relationship).exists()
    ):
        raise InvalidInput.on("meeting", _("That meeting is not one of yours."))
    return QuestionUse.objects.update_or_create(
        relationship=relationship,
        question_id=question_id,
        defaults={"outcome": outcome, "by": actor, "at": timezone.now(), "meeting_id": meeting_id},
    )[0]


@logs.logged
@transaction.atomic
def question_add_own(*, actor: User, relationship: Relationship, text: str, level: int) -> Question:
    """A pair's own question, offered only to them."""
    require_pair_member(actor, relationship, _("add questions to its guide"))
    return Question.objects.create(
        relationship=relationship,
        text=_clean_text(text),
        level=_clean_level(level),
        created_by=actor,
    )


def _managed(actor: User, programme: Programme) -> None:
    require_programme_manager(
        actor, programme, gettext_noop("edit its conversation guide"), hide=True
    )


@logs.logged
@transaction.atomic
def question_add(
    *, actor: User, programme: Programme, text: str, level: int, tags: list[str]
) -> Question:
    _managed(actor, programme)
    return Question.objects.create(
        programme=programme,
        text=_clean_text(text),
        level=_clean_level(level),
        tags=_clean_tags(tags),
        created_by=actor,
    )


def _programme_question(actor: User, programme: Programme, question_id: int) -> Question:
    _managed(actor, programme)
    question = Question.objects.filter(pk=question_id, programme=programme).first()
    if question is None:
        raise NotFound(_("Only the programme's own questions can be changed here."))
    return question


@logs.logged
@transaction.atomic
def question_edit(
    *,
    actor: User,
    programme: Programme,
    question_id: int,
    text: str,
    level: int,
    tags: list[str],
) -> Question:
    question = _programme_question(actor, programme, question_id)
    question.text, question.level = _clean_text(text), _clean_level(level)
    question.tags = _clean_tags(tags)
    question.save()
    return question


@logs.logged
@transaction.atomic
def question_set_retired(
    *, actor: User, programme: Programme, question_id: int, retired: bool
) -> Question:
    """Retired questions are offered no more; pairs keep their record of them."""
    question = _programme_question(actor, programme, question_id)
    question.retired = retired
    question.save(update_fields=["retired"])
    return question


@logs.logged
@transaction.atomic
def question_translations_save(
    *, actor: User, programme: Programme, language: str, texts: Mapping[str, str]
) -> None:
    """Give the programme's own questions in `language` (keys
    "question-<id>"); a blank one is removed, so readers see the original."""
    _managed(actor, programme)
    check_language(programme, language)
    questions = {f"question-{q.pk}": q for q in Question.objects.filter(programme=programme)}
    translate_rows(questions, "translations", language, texts, QUESTION_LIMIT)
