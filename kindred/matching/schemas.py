from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from kindred.lib.schemas import Bool, In, RowId


class ReasonOut(Schema):
    component: str
    text: str
    weight: float


class RunProposalOut(Schema):
    id: int
    mentee_id: int
    mentee_name: str
    mentor_id: int
    mentor_name: str
    score: float
    components: dict[str, float]
    pinned: bool
    status: str
    reasons: list[ReasonOut]


class RunOut(Schema):
    id: int
    programme: str
    status: str
    progress: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    published_at: dt.datetime | None
    objective: float | None
    bound: float | None
    gap: float | None
    certified: bool = Field(description="Proven optimal: the gap is 0 and no budget was reached.")
    stopped: str = Field(
        description='The budget the search reached ("time", "memory", "rounds"), or "".'
    )
    more_matchable: int = Field(description="At most this many more mentees could be matched.")
    possible_improvement: float = Field(
        description="By how much the total compatibility could at most rise."
    )
    unproven: str = Field(description="In words, for a run not proven optimal; else empty.")
    text_method: str
    engine_version: str
    input_hash: str
    settings: dict[str, Any]
    unmatched: list[dict[str, Any]]
    audit: list[dict[str, Any]]


class RunDetailOut(RunOut):
    proposals: list[RunProposalOut]


class MyProposalOut(Schema):
    id: int
    programme: str
    role: str  # the caller's role in the pair
    partner_id: int
    partner_name: str
    score: float
    status: str
    my_decision: str
    reasons: list[ReasonOut]


class DecisionIn(In):
    accept: Bool
    reason: str = Field("", max_length=500)


class SuggestionOut(Schema):
    mentor_id: int
    mentor_name: str
    score: float
    reasons: list[ReasonOut]


class RequestIn(In):
    mentor_id: RowId
    message: str = Field("", max_length=1000)


class RequestOut(Schema):
    id: int
    programme: str
    mentee_id: int
    mentor_id: int
    status: str
    created_at: dt.datetime
    expires_at: dt.datetime
