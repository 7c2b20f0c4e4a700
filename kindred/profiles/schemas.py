from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from kindred.lib.schemas import RowId


class TopicOut(Schema):
    id: int
    name: str


class WindowIn(Schema):
    day: int = Field(ge=0, le=6)
    start: str = Field(max_length=5)
    end: str = Field(max_length=5)


class QuietHoursIn(Schema):
    start: str = Field(max_length=5)
    end: str = Field(max_length=5)


class BlockIn(Schema):
    label: str = Field(max_length=20)
    days: list[int] = Field(max_length=7)
    start: str = Field(max_length=5)
    end: str = Field(max_length=5)
    hard: bool = True


class CallingIn(Schema):
    calling: str = Field(max_length=1500)
    career_dreams: str = Field("", max_length=1500)
    goal_ids: list[RowId] = Field(default_factory=list, max_length=15)
    skills_sought_ids: list[RowId] = Field(default_factory=list, max_length=15)
    skills_offered_ids: list[RowId] = Field(default_factory=list, max_length=15)


class LogisticsIn(Schema):
    timezone: str = Field(max_length=64)
    languages: list[str] = Field(max_length=20)
    working_windows: list[WindowIn] = Field(max_length=42)
    sync_channels: list[str] = Field(max_length=3)
    async_channels: list[str] = Field(default_factory=list, max_length=3)


class BoundariesIn(Schema):
    quiet_hours: QuietHoursIn | None = None
    blocks: list[BlockIn] = Field(default_factory=list, max_length=12)
    topics_off_limits: list[str] = Field(default_factory=list, max_length=20)
    camera_optional: bool = False


class ProfileUpdate(Schema):
    """Any subset of the intake sections; each given section replaces the stored one."""

    values: dict[str, int] | None = Field(None, max_length=10)
    tipi_answers: list[int] | None = Field(None, min_length=10, max_length=10)
    calling: CallingIn | None = None
    logistics: LogisticsIn | None = None
    boundaries: BoundariesIn | None = None


class BigFiveOut(Schema):
    extraversion: float
    agreeableness: float
    conscientiousness: float
    emotional_stability: float
    openness: float


class ProfileOut(Schema):
    id: int
    full_name: str
    email: str
    timezone: str
    languages: list[str]
    values: dict[str, int]
    big_five: BigFiveOut | None
    calling: str
    career_dreams: str
    goals: list[TopicOut]
    skills_sought: list[TopicOut]
    skills_offered: list[TopicOut]
    working_windows: list[WindowIn]
    sync_channels: list[str]
    async_channels: list[str]
    quiet_hours: QuietHoursIn | None
    boundary_blocks: list[BlockIn]
    topics_off_limits: list[str]
    camera_optional: bool
    steps_done: list[str]
    intake_complete: bool


class DemographicsIO(Schema):
    gender: str = Field("", max_length=40)
    age_band: str = Field("", max_length=40)
    ethnicity: str = Field("", max_length=40)
    disability: str = Field("", max_length=40)
    caregiver: str = Field("", max_length=40)
    first_generation_professional: str = Field("", max_length=40)


class TimeOffIn(Schema):
    first_day: dt.date
    last_day: dt.date | None = None
    hours: str = Field(
        default="", max_length=120, description="Empty when away; else e.g. '10:00-13:00'"
    )
    note: str = Field(default="", max_length=80)


class TimeOffOut(Schema):
    id: int
    first_day: dt.date
    last_day: dt.date
    away: bool
    hours: list[list[str]]
    note: str
