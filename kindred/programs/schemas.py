from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class ProgrammeTextsOut(Schema):
    description: str = ""
    goals: str = ""


class ProgrammeOut(Schema):
    slug: str
    name: str
    format: str  # "one_to_one", "reverse", "circles" or "peer"
    offers_office_hours: bool
    language: str  # what description and goals are written in
    description: str
    goals: str
    # The same texts given by the managers in other languages, by language
    # code; a reader without theirs here reads the original.
    translations: dict[str, ProgrammeTextsOut] = Field(default_factory=dict)

    @staticmethod
    def resolve_translations(programme: Any) -> dict[str, dict[str, str]]:
        # Only what the API shows: the invitation note stays on invitations.
        shown = ("description", "goals")
        return {
            code: {field: texts[field] for field in shown if texts.get(field)}
            for code, texts in programme.translations.items()
            if any(texts.get(field) for field in shown)
        }

    start_date: dt.date
    end_date: dt.date
    status: str
    default_cadence: str
    mentor_capacity_default: int
    joint_project_expected: bool
    showcase_date: dt.date | None
    mentor_count: int = 0
    mentee_count: int = 0
    intake_done_count: int = 0


class ParticipantOut(Schema):
    id: int
    email: str
    full_name: str
    title: str
    level: int | None
    department: str
    location: str
    timezone: str
    role: str
    intake_complete: bool


class ParticipantPage(Schema):
    count: int
    offset: int
    limit: int
    items: list[ParticipantOut]


class ImportRowError(Schema):
    line: int
    column: str
    message: str


class ImportResultOut(Schema):
    rows: int
    created: int
    updated: int
    enrolled: int
    role_changes: int
    notes: list[str] = []


class ParticipantQuery(Schema):
    q: str = Field("", max_length=100)
    role: str = Field("", pattern="^(|mentor|mentee)$")
    intake: str = Field("", pattern="^(|complete|incomplete)$")
    offset: int = Field(0, ge=0, le=1_000_000)
    limit: int = Field(50, ge=1, le=200)


class MembershipOut(Schema):
    programme: str
    programme_name: str
    role: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    title: str
    department: str
    timezone: str
    languages: list[str]
    is_org_admin: bool
    manages: list[str]
    memberships: list[MembershipOut]
