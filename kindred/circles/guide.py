"""A circle's conversation guide: its stage by the meetings it has held,
how to run a group conversation well at that stage, and questions from
the bank (none on a topic anyone in the circle put off limits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kindred.circles.models import Circle, CircleMeeting
from kindred.circles.selectors import people_of
from kindred.guides.models import Question
from kindred.guides.selectors import group_questions
from kindred.guides.tips import GROUP_GUIDE, Stage, stage_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class CircleGuide:
    stage: Stage
    held: int
    tip: tuple[StrOrPromise, StrOrPromise]
    questions: list[Question]


def guide_for(circle: Circle) -> CircleGuide:
    held = circle.meetings.filter(status=CircleMeeting.Status.HELD).count()
    stage = stage_for(held)
    people = [p.pk for p in people_of(circle)]
    return CircleGuide(
        stage, held, GROUP_GUIDE[stage.number],
        group_questions(circle.programme_id, people, stage, seed=circle.pk),
    )  # fmt: skip
