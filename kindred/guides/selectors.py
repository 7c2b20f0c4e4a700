"""Which questions a pair sees next: by their stage (meetings held), the
levels they have covered, never a question already used, never a topic
either of them put off limits."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from kindred.guides.models import Question, QuestionUse
from kindred.guides.tips import Stage, stage_for
from kindred.meetings.models import Meeting
from kindred.profiles.models import Profile
from kindred.relationships.models import Relationship

SUGGESTED = 5
AT_STAGE_LEVEL = 3  # of the five, from the stage's own depth; the rest fill in below it
# Off-limits topics people write, and the question tags they rule out too.
TOPIC_TAGS = {
    "health": {"wellbeing"},
    "mental health": {"wellbeing"},
    "stress": {"wellbeing"},
    "children": {"family"},
    "kids": {"family"},
    "parenting": {"family"},
    "caregiving": {"family"},
    "home": {"family"},
    "religion": {"identity"},
    "faith": {"identity"},
    "background": {"identity"},
}


@dataclass
class Guide:
    stage: Stage
    meetings_held: int
    suggested: list[Question]
    used: list[QuestionUse]
    levels_covered: set[int]


def questions_for(relationship: Relationship) -> QuerySet[Question]:
    """Live questions the pair may be offered: the shared bank, their
    programme's own, and their own."""
    return Question.objects.filter(retired=False).filter(
        Q(programme__isnull=True, relationship__isnull=True)
        | Q(programme_id=relationship.programme_id, relationship__isnull=True)
        | Q(relationship=relationship)
    )


def off_limits_terms(relationship: Relationship) -> set[str]:
    return off_limits_terms_of([relationship.mentor_id, relationship.mentee_id])


def off_limits_terms_of(people: list[int]) -> set[str]:
    """The topics any of these people put off limits, with the question
    tags they rule out too (a pair's, or everyone in a circle)."""
    topics = Profile.objects.filter(user_id__in=people).values_list("topics_off_limits", flat=True)
    terms: set[str] = set()
    for listed in topics:
        for topic in listed or []:
            word = topic.strip().lower()
            terms |= {word, *TOPIC_TAGS.get(word, set())}
    return {t for t in terms if t}


def group_questions(
    programme_id: int, people: list[int], stage: Stage, seed: int
) -> list[Question]:
    """Questions for a group at its stage: the shared bank and its
    programme's own, at or below the stage's depth, none on a topic anyone
    in it put off limits; the same group sees the same ones at a stage."""
    terms = off_limits_terms_of(people)
    found = [
        q
        for q in Question.objects.filter(
            Q(programme__isnull=True) | Q(programme_id=programme_id),
            relationship__isnull=True,
            retired=False,
            level__lte=stage.deepest_level,
        )
        if not touches(q, terms)
    ]
    random.Random(seed * 7919 + stage.number).shuffle(found)
    at_stage = [q for q in found if q.level == stage.deepest_level][:AT_STAGE_LEVEL]
    below = [q for q in found if q.level < stage.deepest_level][: SUGGESTED - len(at_stage)]
    return sorted(at_stage + below, key=lambda q: (q.level, q.pk))


def touches(question: Question, terms: set[str]) -> bool:
    """Whether a question is about an off-limits topic: by its tags, or by
    the topic's word in its text."""
    tags = {t.lower() for t in question.tags}
    words = set(re.findall(r"[a-z]+", question.text.lower()))
    return any(term in tags or term in words for term in terms)


def guide_for(relationship: Relationship) -> Guide:
    held = Meeting.objects.filter(relationship=relationship, status=Meeting.Status.HELD).count()
    stage = stage_for(held)
    used = list(
        QuestionUse.objects.filter(relationship=relationship)
        .select_related("question", "by")
        .order_by("-at", "-id")
    )
    covered = {u.question.level for u in used if u.outcome == QuestionUse.Outcome.ASKED}
    return Guide(
        stage=stage,
        meetings_held=held,
        suggested=_choose(relationship, stage, {u.question_id for u in used}),
        used=used,
        levels_covered=covered,
    )


def _choose(relationship: Relationship, stage: Stage, used: set[int]) -> list[Question]:
    terms = off_limits_terms(relationship)
    open_questions = [
        q
        for q in questions_for(relationship).filter(level__lte=stage.deepest_level)
        if q.pk not in used and not touches(q, terms)
    ]
    # The same pair sees the same suggestions until they use some; pairs differ.
    random.Random(relationship.pk * 7919 + len(used)).shuffle(open_questions)
    own = [q for q in open_questions if q.relationship_id == relationship.pk]
    at_stage = [q for q in open_questions if q.level == stage.deepest_level and q not in own]
    below = sorted(
        (q for q in open_questions if q.level < stage.deepest_level and q not in own),
        key=lambda q: -q.level,
    )
    picked = own[:2] + at_stage[:AT_STAGE_LEVEL]
    picked += below[: SUGGESTED - len(picked)]
    picked += [q for q in at_stage if q not in picked][: SUGGESTED - len(picked)]
    return sorted(picked[:SUGGESTED], key=lambda q: (q.level, q.pk))


def latest_meeting_id(relationship: Relationship) -> int | None:
    """The meeting a question marked now belongs to: the latest one that
    has started (during or after it), if any."""
    return (
        Meeting.objects.filter(
            relationship=relationship,
            start__lte=timezone.now(),
            status__in=[Meeting.Status.CONFIRMED, Meeting.Status.HELD],
        )
        .order_by("-start")
        .values_list("pk", flat=True)
        .first()
    )
