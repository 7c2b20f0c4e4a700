"""Typed messages: their parameters round-trip, their words come from
templates without HTML escaping, and a row can be rendered again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.exceptions import ImproperlyConfigured

from kindred.accounts.models import User
from kindred.conftest import World, make_user
from kindred.meetings.messages import MeetingInvitation, UnconfirmedNudge
from kindred.messaging.messages import NewMessages
from kindred.notifications.messages import Message, message_of
from kindred.notifications.models import Notification
from kindred.notifications.services import notify, rerender
from kindred.relationships.models import Relationship

START = dt.datetime(2026, 6, 2, 9, tzinfo=dt.UTC)


def test_parameters_round_trip_through_json(pair: Relationship) -> None:
    message = UnconfirmedNudge(relationship=pair.pk, meeting=7, start=START, proposer=None)
    stored = message.params()
    assert stored["start"] == "2026-06-02T09:00:00+00:00"
    assert message_of("nudge_unconfirmed", stored) == message


def test_each_kind_is_one_class() -> None:
    with pytest.raises(ImproperlyConfigured):

        @dataclass(frozen=True)
        class Another(Message):
            kind = "message"  # NewMessages has it
            template = "x.txt"


def test_the_words_come_from_the_template_in_the_readers_zone(
    world: World, pair: Relationship
) -> None:
    message = MeetingInvitation(relationship=pair.pk, meeting=1, start=START)
    rendered = message.render(world.owner)  # in Asia/Kolkata
    assert rendered.subject == "Invitation: mentoring session, Tuesday 02 June 2026, 14:30 " \
        "(Asia/Kolkata)"  # fmt: skip
    assert f"/relationships/{pair.pk}/" in rendered.text
    assert "<h1" in rendered.html and "14:30" in rendered.html


def test_plain_text_is_not_html_escaped(world: World, pair: Relationship) -> None:
    User.objects.filter(pk=world.partner.pk).update(full_name="Olu & <Co>")
    row = notify(
        recipient=world.owner,
        message=NewMessages(relationship=pair.pk, sender=world.partner.pk, count=1),
        key="m",
    )
    assert row.subject == "Olu & <Co>: 1 new message"
    assert (row.kind, row.mentions) == ("message", f",{world.partner.pk},")


def test_a_header_is_one_line_whatever_the_name(world: World, pair: Relationship) -> None:
    User.objects.filter(pk=world.partner.pk).update(full_name="Eve\r\nBcc: x@example.com")
    row = notify(
        recipient=world.owner,
        message=NewMessages(relationship=pair.pk, sender=world.partner.pk, count=2),
        key="m",
    )
    assert "\n" not in row.subject and "\r" not in row.subject


def test_rerender_follows_the_name_now_and_leaves_other_rows(
    world: World, pair: Relationship
) -> None:
    about_partner = notify(
        recipient=world.owner,
        message=NewMessages(relationship=pair.pk, sender=world.partner.pk, count=2),
        key="a",
    )
    other = make_user("someone@test.example", "Sam Someone")
    about_other = notify(
        recipient=world.owner,
        message=NewMessages(relationship=pair.pk, sender=other.pk, count=1),
        key="b",
    )
    User.objects.filter(pk=world.partner.pk).update(full_name="Erased person #9")
    assert rerender(person_pk=world.partner.pk) == 1
    about_partner.refresh_from_db()
    assert about_partner.subject == "Erased person #9: 2 new messages"
    assert Notification.objects.get(pk=about_other.pk).subject == "Sam Someone: 1 new message"


def test_a_digest_may_name_hundreds_of_people(world: World) -> None:
    from kindred.health.messages import AtRiskDigest

    people = tuple(range(10_000, 10_300))
    row = notify(
        recipient=world.manager,
        message=AtRiskDigest(programme=world.programme.pk, pairs=(), people=people),
        key="digest",
    )
    row.refresh_from_db()
    assert row.mentions.count(",") == len(people) + 1
