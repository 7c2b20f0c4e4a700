"""Who may reach each of circles's pages and endpoints. The partner
facilitates the circle and the owner is a member of it; the participant is
in the same programme but in no circle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kindred.circles import services
from kindred.circles.models import Circle, CircleAgreement, CircleMeeting
from kindred.circles.projects import circle_team
from kindred.conftest import World, enrol, give_intake, make_user
from kindred.lib.tests.access import MANAGER_ONLY, Case, Rows
from kindred.lib.tests.shared_rows import NOBODY_ELSE
from kindred.projects.services import deliverable_add, project_create


@dataclass
class Setup:
    circle: Circle
    meeting: CircleMeeting
    agreement: CircleAgreement
    co_facilitator: int
    second_member: int
    commitment: int
    project: int
    file: int


def circle_setup(world: World, request: Any) -> Setup:
    from kindred.circles.tests.conftest import circles_programme

    programme = circles_programme(world)
    second = make_user("second.member@test.example", "Sam Second", timezone="Europe/Paris")
    enrol(second, programme, "mentee")
    for n, person in enumerate([world.owner, world.partner, second]):
        give_intake(person, seed=n)
    (circle,) = services.circles_form(
        actor=world.manager, programme=programme,
        groups=[(world.partner.pk, [world.owner.pk, second.pk])],
    )  # fmt: skip
    agreement = services.agreement_save_draft(
        actor=world.partner,
        circle=circle,
        terms={"cadence": "weekly", "session_minutes": 60, "channels": ["video"],
               "video_link": "", "objectives": "Grow together."},
    )  # fmt: skip
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    start += dt.timedelta(days=9 - start.weekday() % 7)
    meeting = services.meeting_arrange(
        actor=world.partner, circle=circle, start=start.replace(hour=10), minutes=60
    )
    second_mentor = make_user("co.facilitator@test.example", "Cora Co", timezone="Europe/Berlin")
    enrol(second_mentor, programme, "mentor")
    commitment = services.commitment_add(
        actor=world.owner, circle=circle, text="Share my notes", due_date=dt.date.today()
        + dt.timedelta(days=7),
    )  # fmt: skip
    team = circle_team(circle)
    project = project_create(
        actor=world.owner, team=team, title="Playbook", purpose="A playbook for remote leads"
    )
    file = deliverable_add(
        actor=world.partner, team=team, project_id=project.pk, title="Draft",
        upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4\n%%EOF\n"),
    )  # fmt: skip
    return Setup(
        circle, meeting, agreement, second_mentor.pk, second.pk, commitment.pk, project.pk, file.pk
    )


def at(s: Setup, tail: str = "") -> str:
    return f"/circles/{s.circle.pk}/{tail}"


def of_meeting(s: Setup, tail: str) -> str:
    return at(s, f"meetings/{s.meeting.pk}/{tail}")


IN_CIRCLE = NOBODY_ELSE | {"owner": 200, "partner": 200}
CIRCLE_ACTS = NOBODY_ELSE | {"owner": 302, "partner": 302}
# Seen by the circle and its programme's managers.
CIRCLE_AND_MANAGERS = IN_CIRCLE | {"manager": 200, "admin": 200}
FACILITATOR_OR_MANAGER = CIRCLE_ACTS | {"owner": 403, "manager": 302, "admin": 302}

ROWS = [
    Rows(
        circle_setup,
        [
            Case("circle page", "get", lambda s: at(s), CIRCLE_AND_MANAGERS),
            Case("circle agreement", "get", lambda s: at(s, "agreement/"), IN_CIRCLE),
            Case(
                "sign the circle agreement",
                "post",
                lambda s: at(s, f"agreement/{s.agreement.pk}/sign/"),
                CIRCLE_ACTS,
                body=lambda s: {"off_limits": ""},
            ),
            Case("circle suggested times", "get", lambda s: at(s, "times/"), IN_CIRCLE),
            Case(
                "arrange a circle meeting",
                "post",
                lambda s: at(s, "meetings/"),
                CIRCLE_ACTS,
                body=lambda s: {
                    "slot": (s.meeting.start + dt.timedelta(days=1)).isoformat(),
                    "minutes": "60",
                },
            ),
            Case(
                "answer a circle meeting",
                "post",
                lambda s: of_meeting(s, "answer/"),
                CIRCLE_ACTS,
                body=lambda s: {"coming": "no"},
            ),
            Case(
                "cancel a circle meeting",
                "post",
                lambda s: of_meeting(s, "cancel/"),
                CIRCLE_ACTS | {"owner": 403},  # the facilitator arranged it
            ),
            Case(
                "record a circle meeting",
                "post",
                lambda s: of_meeting(s, "record/"),
                CIRCLE_ACTS | {"owner": 403},
            ),
            Case("circle meeting invite", "get", lambda s: of_meeting(s, "invite.ics"), IN_CIRCLE),
            Case("circle meeting notes", "get", lambda s: of_meeting(s, "notes/"), IN_CIRCLE),
            Case(
                "write circle meeting notes",
                "post",
                lambda s: of_meeting(s, "notes/"),
                CIRCLE_ACTS,
                body=lambda s: {"body": "What we agreed"},
            ),
            Case(
                "check in on a circle meeting",
                "post",
                lambda s: of_meeting(s, "check-in/"),
                CIRCLE_ACTS,  # not yet held: the page says so
                body=lambda s: {"sharing_comfortable": "4", "boundaries_respected": "4"},
            ),
            Case(
                "write to the circle",
                "post",
                lambda s: at(s, "messages/"),
                CIRCLE_ACTS,
                body=lambda s: {"body": "Hello"},
            ),
            Case(
                "commit in a circle",
                "post",
                lambda s: at(s, "commitments/"),
                CIRCLE_ACTS,
                body=lambda s: {"text": "Write my page", "due_date": "2099-01-01"},
            ),
            Case(
                "settle a circle commitment",
                "post",
                lambda s: at(s, f"commitments/{s.commitment}/"),
                CIRCLE_ACTS | {"partner": 403},  # the owner's to settle
            ),
            Case(
                "raise a concern in a circle",
                "post",
                lambda s: at(s, "concern/"),
                CIRCLE_ACTS,
                body=lambda s: {
                    "about": s.second_member,
                    "category": "conduct",
                    "text": "Something worrying happened.",
                },
            ),
            Case(
                "rename a circle",
                "post",
                lambda s: at(s, "rename/"),
                FACILITATOR_OR_MANAGER,
                body=lambda s: {"name": "The Navigators"},
            ),
            Case("leave a circle", "post", lambda s: at(s, "leave/"), CIRCLE_ACTS),
            Case(
                "end a circle",
                "post",
                lambda s: at(s, "end/"),
                FACILITATOR_OR_MANAGER | {"partner": 403},
            ),
            Case(
                "add a co-facilitator",
                "post",
                lambda s: at(s, "facilitators/"),
                FACILITATOR_OR_MANAGER | {"partner": 403},
                body=lambda s: {"person": s.co_facilitator},
            ),
            Case("circle projects", "get", lambda s: at(s, "projects/"), CIRCLE_AND_MANAGERS),
            Case(
                "start a circle project",
                "post",
                lambda s: at(s, "projects/"),
                CIRCLE_ACTS | {"manager": 403, "admin": 403},
                body=lambda s: {"title": "A talk", "purpose": "What we learnt, for everyone"},
            ),
            Case(
                "circle project",
                "get",
                lambda s: at(s, f"projects/{s.project}/"),
                CIRCLE_AND_MANAGERS,
            ),
            Case(
                "circle project file",
                "get",
                lambda s: at(s, f"projects/{s.project}/files/{s.file}/"),
                CIRCLE_AND_MANAGERS,
            ),
            Case(
                "change a circle project",
                "post",
                lambda s: at(s, f"projects/{s.project}/act/"),
                CIRCLE_ACTS | {"manager": 403, "admin": 403},
                body=lambda s: {"action": "status", "status": "done"},
            ),
            Case(
                "programme's circles",
                "get",
                lambda s: f"/circles/programme/{s.circle.programme.slug}/",
                MANAGER_ONLY,
            ),
        ],
    )
]
