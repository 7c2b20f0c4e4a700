from __future__ import annotations

from dataclasses import dataclass

import pytest

from kindred.accounts.models import User
from kindred.circles.models import Circle
from kindred.circles.services import circles_form
from kindred.conftest import World, enrol, give_intake, make_user
from kindred.programs.models import Programme


@dataclass
class CircleWorld:
    world: World
    circle: Circle
    facilitator: User  # the world's partner
    members: list[User]  # the owner first, then three more


def circles_programme(world: World) -> Programme:
    world.programme.format = Programme.Format.CIRCLES
    world.programme.save(update_fields=["format"])
    return world.programme


# Five people in four zones: London, Kolkata, New York and Lagos.
MORE_MEMBERS = (
    ("nia@test.example", "Nia New York", "America/New_York"),
    ("tayo@test.example", "Tayo Lagos", "Africa/Lagos"),
    ("lena@test.example", "Lena London", "Europe/London"),
)


@pytest.fixture
def circle_world(world: World) -> CircleWorld:
    """A circles programme with one circle: the partner facilitates, the
    owner and three more are members; the participant is in none."""
    programme = circles_programme(world)
    members = [world.owner]
    for email, name, zone in MORE_MEMBERS:
        person = make_user(email, name, timezone=zone)
        enrol(person, programme, "mentee")
        members.append(person)
    zones = {p.pk: p.timezone for p in [world.partner, *members]}
    for n, person in enumerate([world.partner, *members]):
        give_intake(person, seed=n)  # which sets London: each keeps their own zone
        person.timezone = zones[person.pk]
        person.save(update_fields=["timezone"])
    (circle,) = circles_form(
        actor=world.manager,
        programme=programme,
        groups=[(world.partner.pk, [m.pk for m in members])],
    )
    return CircleWorld(world, circle, world.partner, members)
