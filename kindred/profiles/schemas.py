from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Annotated, Literal

from ninja import Schema
from pydantic import Field, Strict

from kindred.lib.languages import language_names
from kindred.lib.schemas import WHOLE, Bool, In, RowId
from kindred.profiles.instruments import TIPI_SCALE, VALUE_SCALE, WORK_VALUE_KEYS
from kindred.profiles.logistics import ASYNC_CHANNELS, BLOCK_LABELS, SYNC_CHANNELS
from kindred.profiles.models import Demographics

# The schema's enums come from the same constants the services check.
if TYPE_CHECKING:  # to mypy they are strings; to pydantic, enums
    Gender = str
    AgeBand = str
    Ethnicity = str
    YesNo = str
    WorkValue = str
    SyncChannel = str
    AsyncChannel = str
    BlockLabel = str
    LanguageCode = str
    ZoneName = str
else:
    WorkValue = Literal[WORK_VALUE_KEYS]
    SyncChannel = Literal[tuple(SYNC_CHANNELS)]
    AsyncChannel = Literal[tuple(ASYNC_CHANNELS)]
    BlockLabel = Literal[tuple(BLOCK_LABELS)]
    LanguageCode = Literal[tuple(language_names())]
    ZoneName = Literal[tuple(sorted(zoneinfo.available_timezones()))]
    # Blank, or one of the answers the intake offers.
    Gender = Literal[("", *Demographics.answers_for("gender"))]
    AgeBand = Literal[("", *Demographics.answers_for("age_band"))]
    Ethnicity = Literal[("", *Demographics.answers_for("ethnicity"))]
    YesNo = Literal[("", *Demographics.answers_for("disability"))]


class TopicOut(Schema):
    id: int
    name: str


Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
ValueRating = Annotated[int, Strict(), Field(ge=VALUE_SCALE[0], le=VALUE_SCALE[1]), WHOLE]
TipiAnswer = Annotated[int, Strict(), Field(ge=TIPI_SCALE[0], le=TIPI_SCALE[1]), WHOLE]
Weekday = Annotated[int, Strict(), Field(ge=0, le=6), WHOLE]


class WindowIn(In):
    day: Weekday
    start: Clock
    end: Clock


class QuietHoursIn(In):
    start: Clock
    end: Clock


class BlockIn(In):
    label: BlockLabel
    days: list[Weekday] = Field(min_length=1, max_length=7)
    start: Clock
    end: Clock
    hard: Bool = True


# Within a section, a field the request does not name keeps what is stored;
# the defaults below are never applied (see profiles/api.py).


class CallingIn(In):
    calling: str = Field("", max_length=1500)
    career_dreams: str = Field("", max_length=1500)
    goal_ids: list[RowId] = Field(default_factory=list, max_length=15)
    skills_sought_ids: list[RowId] = Field(default_factory=list, max_length=15)
    skills_offered_ids: list[RowId] = Field(default_factory=list, max_length=15)


class LogisticsIn(In):
    timezone: ZoneName = "UTC"
    languages: list[LanguageCode] = Field(default_factory=list, max_length=20)
    working_windows: list[WindowIn] = Field(default_factory=list, max_length=42)
    sync_channels: list[SyncChannel] = Field(default_factory=list, max_length=3)
    async_channels: list[AsyncChannel] = Field(default_factory=list, max_length=3)


class BoundariesIn(In):
    quiet_hours: QuietHoursIn | None = None
    blocks: list[BlockIn] = Field(default_factory=list, max_length=12)
    topics_off_limits: list[str] = Field(default_factory=list, max_length=20)
    camera_optional: Bool = False


class ProfileUpdate(In):
    """Any subset of the intake sections, and within a section any subset of
    its fields: what the request names is validated whole and saved; nothing
    it does not name changes."""

    values: dict[WorkValue, ValueRating] | None = Field(None, min_length=10, max_length=10)
    tipi_answers: list[TipiAnswer] | None = Field(None, min_length=10, max_length=10)
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


class DemographicsIn(In):
    """The whole set of answers (PUT): a field left out is blank."""

    gender: Gender = ""
    age_band: AgeBand = ""
    ethnicity: Ethnicity = ""
    disability: YesNo = ""
    caregiver: YesNo = ""
    first_generation_professional: YesNo = ""


class DemographicsOut(Schema):
    gender: str = Field("", max_length=40)
    age_band: str = Field("", max_length=40)
    ethnicity: str = Field("", max_length=40)
    disability: str = Field("", max_length=40)
    caregiver: str = Field("", max_length=40)
    first_generation_professional: str = Field("", max_length=40)


class TimeOffIn(In):
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
