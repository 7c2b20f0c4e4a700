"""What the access rows of several apps share: the expectations they
name, and the setups their URLs are built from (`the_world`, or
`pair_setup` for rows that need a pair with things in it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kindred.accounts.services import api_token_create
from kindred.conftest import World, give_intake
from kindred.lib.tests.access import ACTORS
from kindred.matching import services as matching
from kindred.matching.models import MatchRun, MentorRequest, Proposal
from kindred.matching.tests.conftest import finished_run
from kindred.meetings.models import Meeting
from kindred.profiles.models import Topic
from kindred.programs.models import Invitation
from kindred.relationships import services as relationships
from kindred.relationships.models import Agreement, Relationship
from kindred.relationships.selectors import agreement_defaults

MEMBERS_AND_MANAGER = {
    "owner": 200,
    "partner": 200,
    "participant": 200,
    "outsider": 404,
    "manager": 200,
    "other_manager": 404,
    "admin": 200,
}


PERSON_VISIBLE = {
    "owner": 200,
    "partner": 404,
    "participant": 404,
    "outsider": 404,
    "manager": 200,
    "other_manager": 404,
    "admin": 200,
}


ONLY_SELF_AND_ADMIN = {a: 404 for a in ACTORS if a != "anonymous"} | {"owner": 200, "admin": 200}


CSV = (
    b"email,full_name,title,level,department,manager_email,location,timezone,languages\n"
    b"new@acme.example,New Person,Analyst,2,Ops,,Paris,Europe/Paris,fr\n"
)


def owner_token_id(world: World) -> int:
    token, _ = api_token_create(actor=world.owner, name="owner's")
    return token.pk


def invitation_id(world: World) -> int:
    return Invitation.objects.create(programme=world.programme, role="mentee").pk


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


def pair_setup(world: World, request: Any) -> Setup:
    """A started pair with a proposed meeting and a drafted agreement, a
    finished run, a request, an invitation, a topic and a reset link."""
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
