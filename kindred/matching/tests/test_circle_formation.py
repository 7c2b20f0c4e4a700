"""Formation in a circles programme, through the matching run a manager
starts: the engine's circles, reviewed and published as circles."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kindred.accounts.models import User
from kindred.circles.models import Circle, CircleMember
from kindred.circles.tests.conftest import circles_programme
from kindred.conftest import World, client_for, enrol, give_intake, make_user
from kindred.lib.errors import Conflict
from kindred.matching import services
from kindred.matching.models import MatchingSettings, MatchRun, Proposal
from kindred.matching.optimality import run_statement
from kindred.notifications.models import Notification


def people(world: World, role: str, count: int, prefix: str) -> list[User]:
    made = []
    for n in range(count):
        person = make_user(f"{prefix}{n}@test.example", f"{prefix.title()} {n}")
        enrol(person, world.programme, role)
        give_intake(person, seed=n + (0 if role == "mentee" else 50))
        made.append(person)
    return made


def formed(world: World) -> MatchRun:
    run = services.run_start(actor=world.manager, programme=world.programme)
    return services.run_execute(run.pk, today=timezone.localdate())


@pytest.fixture
def circles_pool(world: World) -> World:
    """Two facilitators and eight members; circles of up to five."""
    circles_programme(world)
    MatchingSettings.objects.update_or_create(
        programme=world.programme, defaults={"circle_size": 5, "circle_min_size": 3}
    )
    people(world, "mentor", 2, "facilitator")
    people(world, "mentee", 8, "member")
    return world


def test_formation_places_every_member_in_a_circle_within_its_size(circles_pool: World) -> None:
    run = formed(circles_pool)
    assert run.status == MatchRun.Status.DONE
    assert run.certified, run_statement(run)
    sizes: dict[int, int] = {}
    for mentor in run.proposals.values_list("mentor_id", flat=True):
        sizes[mentor] = sizes.get(mentor, 0) + 1
    # Eight members, two circles of at most five: both formed, all placed.
    assert sorted(sizes.values()) in ([3, 5], [4, 4])
    assert run.settings["circles"]["size"] == 5
    # Each member's place is explained both ways, as a pair's is.
    assert all(p.mentee_reasons and p.mentor_reasons for p in run.proposals.all())


def test_publishing_forms_the_circles_and_tells_everyone(circles_pool: World) -> None:
    world = circles_pool
    run = formed(world)
    services.run_publish(actor=world.manager, run=run)
    circles = list(Circle.objects.filter(programme=world.programme))
    assert len(circles) == 2
    assert set(run.proposals.values_list("status", flat=True)) == {Proposal.Status.FORMED}
    places = CircleMember.objects.filter(circle__in=circles)
    assert places.filter(role=CircleMember.Role.FACILITATOR).count() == 2
    assert places.filter(role=CircleMember.Role.MEMBER).count() == 8
    told = Notification.objects.filter(kind="circle_formed")
    assert told.count() == 10
    # A second formation leaves everyone where they are.
    again = formed(world)
    assert again.mentees_considered == 0 and again.mentors_considered == 0


def test_circles_too_small_are_not_formed_and_the_run_says_so(world: World) -> None:
    circles_programme(world)
    MatchingSettings.objects.update_or_create(
        programme=world.programme, defaults={"circle_size": 4, "circle_min_size": 3}
    )
    people(world, "mentor", 3, "facilitator")
    people(world, "mentee", 7, "member")  # room for two circles of three or more, not three
    run = formed(world)
    assert not run.certified
    statement = run_statement(run)
    assert "not proven optimal" in statement and "fewer than 3 members" in statement
    assert len(run.settings["circles"]["not_formed"]) == 1
    with pytest.raises(Conflict, match="accept the gap"):
        services.run_publish(actor=world.manager, run=run)
    services.run_publish(actor=world.manager, run=run, accept_gap=True)
    assert Circle.objects.filter(programme=world.programme).count() == 2
    page = client_for(world.manager).get(f"/matching/runs/{run.pk}/")
    assert page.status_code in (200, 302)


def test_mixing_backgrounds_spreads_departments_across_circles(world: World) -> None:
    circles_programme(world)
    MatchingSettings.objects.update_or_create(
        programme=world.programme,
        defaults={
            "circle_size": 4,
            "circle_min_size": 2,
            "diversity_by": "department",
            "diversity_weight": 1.0,
        },
    )
    people(world, "mentor", 2, "facilitator")
    members = people(world, "mentee", 8, "member")
    for n, member in enumerate(members):  # four departments, two people each
        member.department = f"Department {n // 2}"
        member.save(update_fields=["department"])
    run = formed(world)
    assert run.certified
    departments: dict[int, set[str]] = {}
    for mentee, mentor in run.proposals.values_list("mentee__department", "mentor_id"):
        departments.setdefault(mentor, set()).add(mentee)
    # With a full point per background, each circle of four has four.
    assert all(len(kinds) == 4 for kinds in departments.values())
    assert run.settings["circles"]["backgrounds"] == 8


def test_members_of_a_circles_programme_do_not_browse_or_ask_mentors(circles_pool: World) -> None:
    from kindred.lib.errors import Forbidden
    from kindred.matching.selectors import self_match_programmes

    world = circles_pool
    member = User.objects.get(email="member0@test.example")
    facilitator = User.objects.get(email="facilitator0@test.example")
    assert self_match_programmes(member) == []
    with pytest.raises(Forbidden):
        services.mentor_request_create(
            actor=member, programme=world.programme, mentor_id=facilitator.pk
        )


def _self_identified(members: list[User], answers: list[str]) -> None:
    from kindred.profiles.models import Demographics

    for member, answer in zip(members, answers, strict=True):
        Demographics.objects.update_or_create(user=member, defaults={"gender": answer})


def test_a_programme_that_opts_in_balances_circles_by_a_self_identified_answer(
    world: World,
) -> None:
    circles_programme(world)
    MatchingSettings.objects.update_or_create(
        programme=world.programme,
        defaults={"circle_size": 4, "circle_min_size": 2, "diversity_by": "gender",
                  "diversity_weight": 1.0, "balance_opt_in": True},
    )  # fmt: skip
    people(world, "mentor", 2, "facilitator")
    members = people(world, "mentee", 8, "member")
    answers = ["woman"] * 3 + ["man"] * 3 + ["prefer_not", ""]
    _self_identified(members, answers)
    run = formed(world)
    assert run.certified, run_statement(run)
    said = {m.pk: a for m, a in zip(members, answers, strict=True)}
    for mentor in {p.mentor_id for p in run.proposals.all()}:
        kinds = {said[m] for m in run.proposals.filter(mentor_id=mentor).values_list(
            "mentee_id", flat=True)} - {"prefer_not", ""}  # fmt: skip
        assert kinds == {"woman", "man"}  # each circle mixes both
    assert run.settings["circles"]["self_identified"] is True
    page = client_for(world.manager).get(f"/matching/runs/{run.pk}/").content.decode()
    assert "mixed by gender, self-identified" in page
    assert " from 2 backgrounds" not in page and " from 1 background" not in page
    assert "woman" not in page.lower()  # no one's answer


def test_without_the_opt_in_no_demographic_shapes_a_circle(world: World) -> None:
    circles_programme(world)
    config, _ = MatchingSettings.objects.get_or_create(programme=world.programme)
    url = f"/programmes/{world.programme.slug}/matching/"
    manager = client_for(world.manager)
    form = manager.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "audited_attributes"}
    data |= {"diversity_by": "gender", "diversity_weight": "0.5", "balance_opt_in": ""}
    refused = manager.post(url, data)
    assert refused.status_code == 200
    assert "needs the programme&#x27;s opt-in" in refused.content.decode()
    config.refresh_from_db()
    assert config.diversity_by == ""
    # Saved with the opt-in, then the opt-in withdrawn: formation ignores it.
    MatchingSettings.objects.filter(pk=config.pk).update(
        diversity_by="gender", diversity_weight=1.0, balance_opt_in=False, circle_min_size=2
    )
    people(world, "mentor", 1, "facilitator")
    members = people(world, "mentee", 4, "member")
    _self_identified(members, ["woman", "man", "woman", "man"])
    run = formed(world)
    assert run.settings["circles"]["diversity_weight"] == 0.0
    assert run.settings["circles"]["diversity_by"] == ""
