"""Who may reach each page and action of the trust and forming features:
the pair only; everyone else, programme managers included, is told the
thing does not exist. The relationship page shows managers figures only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kindred.commitments.models import Commitment
from kindred.commitments.services import commitment_add
from kindred.conftest import World, give_intake
from kindred.guides.models import Question
from kindred.guides.services import question_add
from kindred.lib.tests.access import ACTORS, MANAGER_ONLY, Case, Rows, the_world
from kindred.lib.tests.shared_rows import PAIR_ACTS as PAIR_ACTS_MANAGERS_REFUSED
from kindred.lib.tests.shared_rows import pair_setup
from kindred.meetings.models import Meeting, Note
from kindred.meetings.notes import note_save
from kindred.messaging.services import message_send
from kindred.relationships.models import Objective, Relationship
from kindred.relationships.services import objective_add, relationship_start

UTC = dt.UTC


PAIR_ONLY = dict.fromkeys(ACTORS, 404) | {"owner": 200, "partner": 200}


PAIR_ACTS = dict.fromkeys(ACTORS, 404) | {"owner": 302, "partner": 302}


MANAGERS = dict.fromkeys(ACTORS, 404) | {"manager": 200, "admin": 200}


PAIR_AND_MANAGERS = PAIR_ONLY | {"manager": 200, "admin": 200}


@dataclass
class Setup:
    pair: Relationship
    meeting: Meeting
    commitment: Commitment
    objective: Objective
    question: Question
    slug: str
    note: Note
    own_question: Question


def setup(world: World, request: Any) -> Setup:
    for n, person in enumerate([world.owner, world.partner]):
        give_intake(person, seed=n)
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    start = dt.datetime(2026, 3, 3, 10, tzinfo=UTC)
    meeting = Meeting.objects.create(
        relationship=pair, start=start, end=start + dt.timedelta(minutes=45), zone="UTC"
    )
    note = note_save(actor=world.owner, meeting=meeting, body="Secret thoughts", shared=False)
    message_send(actor=world.owner, relationship=pair, body="A private word")
    commitment = commitment_add(
        actor=world.partner,
        relationship=pair,
        text="Read the chapter on feedback",
        owner_id=world.owner.pk,
        due_date=dt.date.today() + dt.timedelta(days=7),
    )
    objective = objective_add(actor=world.owner, relationship=pair, title="Lead a retro")
    question = Question.objects.filter(level=1).first()
    assert question is not None
    own_question = question_add(
        actor=world.manager, programme=world.programme, text="What is your best tool?", level=1,
        tags=[],
    )  # fmt: skip
    return Setup(
        pair, meeting, commitment, objective, question, world.programme.slug, note, own_question
    )


IN_A_MONTH = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def rel(s: Setup) -> str:
    return f"/relationships/{s.pair.pk}"


CASES = [
    Case("relationship workspace", "get", lambda s: f"{rel(s)}/", PAIR_AND_MANAGERS),
    # Each panel alone, as HTMX asks for it: the panel's own rule holds there
    # too (managers see the figures, never what a commitment says).
    Case("meetings panel", "get", lambda s: f"{rel(s)}/panels/meetings/", PAIR_AND_MANAGERS),
    Case("commitments panel", "get", lambda s: f"{rel(s)}/panels/commitments/", PAIR_ONLY),
    Case(
        "follow-through panel",
        "get",
        lambda s: f"{rel(s)}/panels/follow-through/",
        PAIR_AND_MANAGERS,
    ),
    Case("unknown panel", "get", lambda s: f"{rel(s)}/panels/nothing/", dict.fromkeys(ACTORS, 404)),
    # Each section of the workspace at its own address: its panels' rules hold.
    Case("meetings section", "get", lambda s: f"{rel(s)}/sections/meetings/", PAIR_AND_MANAGERS),
    Case(
        "commitments section",
        "get",
        lambda s: f"{rel(s)}/sections/commitments/",
        PAIR_AND_MANAGERS,
    ),
    Case("health section", "get", lambda s: f"{rel(s)}/sections/health/", PAIR_AND_MANAGERS),
    Case(
        "unknown section",
        "get",
        lambda s: f"{rel(s)}/sections/nothing/",
        dict.fromkeys(ACTORS, 404),
    ),
    Case("messages", "get", lambda s: f"{rel(s)}/messages/", PAIR_ONLY),
    Case(
        "send a message",
        "post",
        lambda s: f"{rel(s)}/messages/",
        PAIR_ACTS,
        body=lambda s: {"body": "Hi"},
    ),
    Case("guide", "get", lambda s: f"{rel(s)}/guide/", PAIR_ONLY),
    Case(
        "record a question",
        "post",
        lambda s: f"{rel(s)}/guide/questions/{s.question.pk}/",
        PAIR_ACTS,
        body=lambda s: {"outcome": "asked"},
    ),
    Case("what you share", "get", lambda s: f"{rel(s)}/similarities/", PAIR_ONLY),
    Case("objectives", "get", lambda s: f"{rel(s)}/objectives/", PAIR_ONLY),
    Case("close-out", "get", lambda s: f"{rel(s)}/close-out/", PAIR_ONLY),
    # Not open yet for a running pair: the form says so, nothing is kept.
    Case(
        "send a close-out",
        "post",
        lambda s: f"{rel(s)}/close-out/",
        PAIR_ONLY,
        body=lambda s: {"recommend": "yes", "mentor_next": "yes"},
    ),
    Case(
        "objective progress",
        "post",
        lambda s: f"{rel(s)}/objectives/{s.objective.pk}/progress/",
        PAIR_ACTS,
        body=lambda s: {"progress": "50"},
    ),
    Case(
        "rate an objective",
        "post",
        lambda s: f"{rel(s)}/objectives/{s.objective.pk}/rating/",
        PAIR_ACTS,
        body=lambda s: {"moment": "start", "rating": "3"},
    ),
    Case("meeting notes", "get", lambda s: f"{rel(s)}/meetings/{s.meeting.pk}/notes/", PAIR_ONLY),
    Case(
        "add a commitment",
        "post",
        lambda s: f"{rel(s)}/commitments/",
        PAIR_ACTS,
        body=lambda s: {"text": "x", "owner": str(s.pair.mentee_id), "due_date": IN_A_MONTH},
    ),
    Case(
        "mark a commitment done",
        "post",
        lambda s: f"{rel(s)}/commitments/{s.commitment.pk}/done/",
        PAIR_ACTS | {"partner": 403},  # only its owner (the mentee) marks it done
    ),
    Case(
        "drop a commitment",
        "post",
        lambda s: f"{rel(s)}/commitments/{s.commitment.pk}/drop/",
        PAIR_ACTS,
        body=lambda s: {"reason": "No longer needed"},
    ),
    Case(
        "write a note",
        "post",
        lambda s: f"{rel(s)}/meetings/{s.meeting.pk}/notes/",
        PAIR_ACTS,
        body=lambda s: {"body": "Agreed next steps"},
    ),
    Case(
        "delete the owner's note",
        "post",
        lambda s: f"{rel(s)}/meetings/{s.meeting.pk}/notes/{s.note.pk}/delete/",
        PAIR_ACTS | {"partner": 404},  # another person's note does not exist for you
    ),
    Case("programme questions", "get", lambda s: f"/programmes/{s.slug}/questions/", MANAGERS),
    Case(
        "edit a programme question",
        "post",
        lambda s: f"/programmes/{s.slug}/questions/{s.own_question.pk}/",
        MANAGERS | {"manager": 302, "admin": 302},
        body=lambda s: {"text": "Which tool helps you most?", "level": "1", "tags": "tools"},
    ),
    Case(
        "add a programme question",
        "post",
        lambda s: f"/programmes/{s.slug}/questions/",
        MANAGERS | {"manager": 302, "admin": 302},
        body=lambda s: {"text": "What is your favourite tool?", "level": "1", "tags": "tools"},
    ),
]


def no_secrets_outside_the_pair(response: Any, actor: str, setup: Setup) -> None:
    for secret in (b"Secret thoughts", b"A private word"):
        if actor not in ("owner", "partner"):
            assert secret not in response.content


PAIR = {
    "owner": 200,
    "partner": 200,
    "participant": 404,
    "outsider": 404,
    "manager": 200,
    "other_manager": 404,
    "admin": 200,
}
LIFECYCLE = [
    Case("relationship page", "get", lambda p: f"/relationships/{p.pk}/", PAIR),
    Case(
        "agreement form",
        "get",
        lambda p: f"/relationships/{p.pk}/agreement/",
        PAIR | {"manager": 403, "admin": 403},
    ),
    Case(
        "change status",
        "post",
        lambda p: f"/relationships/{p.pk}/status/",
        PAIR | {"owner": 302, "partner": 302, "manager": 302, "admin": 302},
        body=lambda p: {"to": "paused"},
    ),
]


def started(world: World, request: Any) -> Relationship:
    """The pair's relationship, just started."""
    return request.getfixturevalue("pair")


PAIR_ROWS = [
    Case(
        "sign the agreement",
        "post",
        lambda s: f"/relationships/{s.pair.pk}/agreement/{s.agreement.pk}/sign/",
        PAIR_ACTS_MANAGERS_REFUSED,
    ),
]


def role_url(world: World) -> str:
    membership = world.programme.memberships.get(user=world.participant)
    return f"/programmes/alpha/participants/{membership.pk}/role/"


ROSTER_ROWS = [
    Case(
        "change a participant's role",
        "post",
        role_url,
        MANAGER_ONLY | {"manager": 302, "admin": 302},
        body=lambda w: {"role": "mentor"},
        route="roster:role",
    ),
]

ROWS = [
    Rows(the_world, ROSTER_ROWS),
    Rows(setup, CASES, check=no_secrets_outside_the_pair),
    Rows(started, LIFECYCLE),
    Rows(pair_setup, PAIR_ROWS),
]
