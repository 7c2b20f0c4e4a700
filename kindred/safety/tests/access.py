"""Every page and action of safety and projects, for each kind of visitor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kindred.conftest import World
from kindred.lib.tests.access import ACTORS, Case, Rows
from kindred.meetings.models import Meeting
from kindred.programs.models import Programme
from kindred.projects.models import Deliverable, Project
from kindred.projects.services import deliverable_add, project_create
from kindred.projects.teams import pair_team
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start
from kindred.safety.models import ConcernReport
from kindred.safety.services import concern_report

EVERYONE = dict.fromkeys(ACTORS, 200)


PAIR_ONLY = dict.fromkeys(ACTORS, 404) | {"owner": 200, "partner": 200}


PAIR_AND_MANAGER = PAIR_ONLY | {"manager": 200}


CASE_MANAGER = dict.fromkeys(ACTORS, 404) | {"manager": 200}


MEMBERS = dict.fromkeys(ACTORS, 200) | {"outsider": 404, "other_manager": 404}


@dataclass
class Setup:
    pair: Relationship
    meeting: Meeting
    report: ConcernReport
    project: Project
    file: Deliverable
    slug: str


def setup(world: World, request: Any) -> Setup:
    settings = request.getfixturevalue("settings")
    tmp_path = request.getfixturevalue("tmp_path")
    settings.MEDIA_ROOT = tmp_path
    Programme.objects.filter(pk=world.programme.pk).update(
        joint_project_expected=True, showcase_date=dt.date.today() + dt.timedelta(days=20)
    )
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    meeting = Meeting.objects.create(
        relationship=pair, start=start, end=start + dt.timedelta(minutes=45), zone="UTC",
        status="held",
    )  # fmt: skip
    report = concern_report(
        actor=world.owner,
        relationship=pair,
        category="other",
        text="Something I would like the team to know about.",
        wants_contact=False,
    )
    project = project_create(
        actor=world.owner, team=pair_team(pair), title="Guide", purpose="A guide for new starters"
    )
    file = deliverable_add(
        actor=world.owner,
        team=pair_team(pair),
        project_id=project.pk,
        title="Draft",
        upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    return Setup(pair, meeting, report, project, file, world.programme.slug)


def rel(s: Setup) -> str:
    return f"/relationships/{s.pair.pk}"


CASES = [
    Case("check-in", "get", lambda s: f"{rel(s)}/meetings/{s.meeting.pk}/check-in/", PAIR_ONLY),
    Case(
        "check in",
        "post",
        lambda s: f"{rel(s)}/meetings/{s.meeting.pk}/check-in/",
        PAIR_ONLY | {"owner": 302, "partner": 302},
        body=lambda s: {"sharing_comfortable": "4", "boundaries_respected": "5"},
    ),
    Case("report form", "get", lambda s: f"{rel(s)}/concern/", PAIR_ONLY),
    Case("my reports", "get", lambda s: "/safety/reports/", EVERYONE),
    Case("boundaries guidance", "get", lambda s: "/safety/boundaries/", EVERYONE),
    # Admins handle a programme's cases when every manager is in the pair,
    # so they reach the list (empty here).
    Case(
        "case list", "get", lambda s: f"/programmes/{s.slug}/cases/", CASE_MANAGER | {"admin": 200}
    ),
    Case("case", "get", lambda s: f"/cases/{s.report.pk}/", CASE_MANAGER),
    Case(
        "case note",
        "post",
        lambda s: f"/cases/{s.report.pk}/update/",
        CASE_MANAGER | {"manager": 302},
        body=lambda s: {"action": "note", "text": "Spoke to them."},
    ),
    Case("projects", "get", lambda s: f"{rel(s)}/projects/", PAIR_AND_MANAGER),
    Case("project", "get", lambda s: f"{rel(s)}/projects/{s.project.pk}/", PAIR_AND_MANAGER),
    Case(
        "project file",
        "get",
        lambda s: f"{rel(s)}/projects/{s.project.pk}/files/{s.file.pk}/",
        PAIR_AND_MANAGER,
    ),
    Case(
        "project change",
        "post",
        lambda s: f"{rel(s)}/projects/{s.project.pk}/act/",
        PAIR_ONLY | {"owner": 302, "partner": 302, "manager": 403},
        body=lambda s: {"action": "status", "status": "active"},
    ),
    Case("showcase", "get", lambda s: f"/programmes/{s.slug}/showcase/", MEMBERS),
]


ROWS = [Rows(setup, CASES)]
