"""The rest of the access matrix: signing in and out, the public pages,
meetings, matching actions, and the API's writing operations. Together with
the other access modules this gives every route a row (see
test_route_coverage)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kindred.conftest import World, api_client_for, client_for, give_intake
from kindred.lib.tests.access import ACTORS, MANAGER_ONLY, SIGNED_IN, Case
from kindred.matching import services as matching
from kindred.matching.models import MatchRun, MentorRequest, Proposal
from kindred.matching.tests.conftest import finished_run
from kindred.meetings.models import Meeting
from kindred.profiles.models import Topic
from kindred.programs.models import Invitation
from kindred.relationships import services as relationships
from kindred.relationships.models import Agreement, Relationship
from kindred.relationships.selectors import agreement_defaults

UTC = dt.UTC
EVERYONE = dict.fromkeys(ACTORS, 200)
NOBODY_ELSE = dict.fromkeys(ACTORS, 404)
PAIR_ACTS = NOBODY_ELSE | {"owner": 302, "partner": 302, "manager": 403, "admin": 403}
MANAGERS_ACT = NOBODY_ELSE | {"manager": 302, "admin": 302}


@dataclass
class Setup:
    pair: Relationship
    meeting: Meeting  # proposed by the owner, for the partner to confirm
    agreement: Agreement  # drafted by the owner
    run: MatchRun  # finished, not published
    proposal: Proposal  # the participant's, in that run
    request: MentorRequest  # the participant asks the partner
    invitation: Invitation
    topic: Topic
    reset: str  # the owner's password-reset link


def password_reset_link(world: World) -> str:
    uid = urlsafe_base64_encode(force_bytes(world.owner.pk))
    return f"/accounts/password/reset/{uid}/{default_token_generator.make_token(world.owner)}/"


@pytest.fixture
def setup(world: World) -> Setup:
    for n, person in enumerate([world.owner, world.partner, world.participant]):
        give_intake(person, seed=n)
    run = finished_run(world)
    with transaction.atomic():
        pair = relationships.relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    start = dt.datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=9)
    meeting = Meeting.objects.create(
        relationship=pair,
        start=start,
        end=start + dt.timedelta(minutes=45),
        zone="UTC",
        proposed_by=world.owner,
    )
    with transaction.atomic():
        agreement = relationships.agreement_save_draft(
            actor=world.owner, relationship=pair, terms=agreement_defaults(pair)
        )
    request = matching.mentor_request_create(
        actor=world.participant, programme=world.programme, mentor_id=world.partner.pk
    )
    return Setup(
        pair,
        meeting,
        agreement,
        run,
        run.proposals.get(mentee=world.participant),
        request,
        Invitation.objects.create(programme=world.programme, role="mentee"),
        Topic.objects.create(kind="skill", name="Bid writing", programme=world.programme),
        password_reset_link(world),
    )


def signed_up(s: Setup) -> str:
    from django.core import signing

    from kindred.programs.selectors import SIGN_UP_SALT

    return signing.dumps({"e": "new@test.example", "i": s.invitation.token}, salt=SIGN_UP_SALT)


def meeting(s: Setup, action: str) -> str:
    return f"/relationships/{s.pair.pk}/meetings/{s.meeting.pk}/{action}"


PUBLIC = [
    # Signed-in people are sent on from the sign-in page.
    Case(
        "sign in", "get", lambda s: "/accounts/sign-in/", dict.fromkeys(ACTORS, 302), anonymous=200
    ),
    Case(
        "sign out",
        "post",
        lambda s: "/accounts/sign-out/",
        dict.fromkeys(ACTORS, 302),
        anonymous=302,
    ),
    Case("password reset", "get", lambda s: "/accounts/password/reset/", EVERYONE, anonymous=200),
    Case(
        "password reset sent",
        "get",
        lambda s: "/accounts/password/reset/sent/",
        EVERYONE,
        anonymous=200,
    ),
    Case(
        "password reset link",
        "get",
        lambda s: s.reset,
        # Whoever holds a valid link goes on to set a password; signing in
        # (as the owner just did) makes the owner's own link invalid.
        dict.fromkeys(ACTORS, 302) | {"owner": 200},
        anonymous=302,
        route="accounts:password_reset_confirm",
    ),
    Case(
        "password reset complete",
        "get",
        lambda s: "/accounts/password/reset/complete/",
        EVERYONE,
        anonymous=200,
    ),
    Case("health check", "get", lambda s: "/healthz", EVERYONE, anonymous=200),
    Case(
        "invitation link",
        "get",
        lambda s: f"/invite/{s.invitation.token}/",
        EVERYONE,
        anonymous=200,
    ),
    Case(
        "invitation sign-up link",
        "get",
        lambda s: f"/invite/{s.invitation.token}/confirm/{signed_up(s)}/",
        # The e-mailed link: anyone who holds it may finish; signed in, one click.
        EVERYONE,
        anonymous=200,
        route="invitation_confirm",
    ),
    Case("API schema", "get", lambda s: "/api/v1/openapi.json", EVERYONE, anonymous=200),
    Case("API docs", "get", lambda s: "/api/v1/docs", EVERYONE, anonymous=200),
    # Only a prefix for the operations below it; nothing lives there.
    Case("API root", "get", lambda s: "/api/v1/", dict.fromkeys(ACTORS, 404), anonymous=404),
    Case("admin", "get", lambda s: "/admin/", dict.fromkeys(ACTORS, 302) | {"admin": 200}),
]

WEB = [
    Case("audit log", "get", lambda s: "/audit/", NOBODY_ELSE | {"admin": 200}),
    Case("your data", "get", lambda s: "/accounts/my-data/", SIGNED_IN),
    Case("e-mail preferences", "get", lambda s: "/profile/email/", SIGNED_IN),
    Case(
        "save e-mail preferences",
        "post",
        lambda s: "/profile/email/",
        dict.fromkeys(ACTORS, 302),
        body=lambda s: {"wanted": ["messages"]},
    ),
    Case("download your data", "get", lambda s: "/accounts/my-data.json", SIGNED_IN),
    Case(
        "erase a person",
        "get",
        lambda s: f"/accounts/people/{s.pair.mentee_id}/erase/",
        NOBODY_ELSE | {"admin": 200},
    ),
    Case(
        "erase a person, confirmed",
        "post",
        lambda s: f"/accounts/people/{s.pair.mentee_id}/erase/",
        NOBODY_ELSE | {"admin": 302},
        body=lambda s: {"confirm_email": "owner@test.example"},
    ),
    Case("intake", "get", lambda s: "/intake/", dict.fromkeys(ACTORS, 302)),
    Case(
        "retire a topic",
        "post",
        lambda s: f"/programmes/alpha/vocabulary/{s.topic.pk}/",
        MANAGER_ONLY | {"manager": 302, "admin": 302},
        body=lambda s: {"retired": "1"},
    ),
    Case(
        "sign the agreement",
        "post",
        lambda s: f"/relationships/{s.pair.pk}/agreement/{s.agreement.pk}/sign/",
        PAIR_ACTS,
    ),
    Case(
        "propose a meeting",
        "post",
        lambda s: f"/relationships/{s.pair.pk}/meetings/propose/",
        PAIR_ACTS,
        body=lambda s: {"start": s.meeting.start.strftime("%Y-%m-%dT%H:%M"), "minutes": "45"},
    ),
    Case(
        "suggested meeting times",
        "get",
        lambda s: f"/relationships/{s.pair.pk}/meetings/suggestions/",
        NOBODY_ELSE | {"owner": 200, "partner": 200, "manager": 403, "admin": 403},
    ),
    Case("confirm a meeting", "post", lambda s: meeting(s, "confirm/"), PAIR_ACTS),
    Case(
        "reschedule a meeting",
        "post",
        lambda s: meeting(s, "reschedule/"),
        PAIR_ACTS,
        body=lambda s: {
            "start": (s.meeting.start + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "minutes": "45",
        },
    ),
    Case(
        "cancel a meeting",
        "post",
        lambda s: meeting(s, "cancel/"),
        PAIR_ACTS,
        body=lambda s: {"reason": "Travelling"},
    ),
    Case(
        "record a meeting",
        "post",
        lambda s: meeting(s, "record/"),
        PAIR_ACTS,
        body=lambda s: {"outcome": "held"},
    ),
    Case(
        "calendar invite",
        "get",
        lambda s: meeting(s, "invite.ics"),
        NOBODY_ELSE | {"owner": 200, "partner": 200, "manager": 403, "admin": 403},
    ),
    Case(
        "start a run",
        "post",
        lambda s: "/programmes/alpha/matching/start/",
        MANAGER_ONLY | {"manager": 302, "admin": 302},
    ),
    Case("rerun", "post", lambda s: f"/matching/runs/{s.run.pk}/rerun/", MANAGERS_ACT),
    Case("publish a run", "post", lambda s: f"/matching/runs/{s.run.pk}/publish/", MANAGERS_ACT),
    Case("pin", "post", lambda s: f"/matching/proposals/{s.proposal.pk}/pin/", MANAGERS_ACT),
    Case("remove", "post", lambda s: f"/matching/proposals/{s.proposal.pk}/remove/", MANAGERS_ACT),
    Case("swap", "post", lambda s: f"/matching/proposals/{s.proposal.pk}/swap/", MANAGERS_ACT),
    Case(
        "answer a request",
        "post",
        lambda s: f"/matches/requests/{s.request.pk}/respond/",
        NOBODY_ELSE | {"partner": 302},
        body=lambda s: {"decision": "accept"},
    ),
    Case(
        "withdraw a request",
        "post",
        lambda s: f"/matches/requests/{s.request.pk}/withdraw/",
        NOBODY_ELSE | {"participant": 302},
    ),
]

API = [
    Case("download your data", "get", lambda s: "/api/v1/me/export", SIGNED_IN, api=True),
    Case(
        "update own profile",
        "patch",
        lambda s: "/api/v1/profiles/me",
        SIGNED_IN,
        api=True,
        body=lambda s: {"calling": {"calling": "Help people grow"}},
        json=True,
    ),
    Case(
        "add time off",
        "post",
        lambda s: "/api/v1/profiles/me/time-off",
        dict.fromkeys(ACTORS, 201),
        api=True,
        body=lambda s: {
            "first_day": str(dt.date.today() + dt.timedelta(days=30)),
            "last_day": str(dt.date.today() + dt.timedelta(days=34)),
        },
        json=True,
    ),
    Case(
        "start a run",
        "post",
        lambda s: "/api/v1/programmes/alpha/match-runs",
        MANAGER_ONLY | {"manager": 202, "admin": 202},
        api=True,
    ),
    Case(
        "publish a run",
        "post",
        lambda s: f"/api/v1/match-runs/{s.run.pk}/publish",
        NOBODY_ELSE | {"manager": 200, "admin": 200},
        api=True,
    ),
    Case(
        "ask for a mentor",
        "post",
        lambda s: "/api/v1/programmes/alpha/requests",
        {
            "owner": 409,  # already has a mentor
            "partner": 403,
            "participant": 409,  # already asked this mentor
            "outsider": 404,
            "manager": 403,
            "other_manager": 404,
            "admin": 403,
        },
        api=True,
        body=lambda s: {"mentor_id": s.pair.mentor_id},
        json=True,
    ),
    Case(
        "answer a request",
        "post",
        lambda s: f"/api/v1/requests/{s.request.pk}/decision",
        NOBODY_ELSE | {"partner": 200},
        api=True,
        body=lambda s: {"accept": True},
        json=True,
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", PUBLIC + WEB + API, ids=lambda c: c.label)
def test_access(world: World, setup: Setup, case: Case, actor: str) -> None:
    user = world.actors()[actor]
    response = case.ask((api_client_for if case.api else client_for)(user), setup)
    assert response.status_code == case.expected_for(actor), response.content[:300]
