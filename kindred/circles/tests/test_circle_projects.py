"""A circle's joint projects: the same projects a pair has, built by
everyone in the circle, fed back on in front of the others and shown at the
programme's showcase under the circle's name."""

from __future__ import annotations

import datetime as dt

import pytest

from kindred.circles import services
from kindred.circles.health import circle_health
from kindred.circles.projects import circle_team
from kindred.circles.tests.conftest import CircleWorld
from kindred.conftest import client_for
from kindred.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from kindred.notifications.models import Notification
from kindred.projects import services as projects
from kindred.projects.models import Project
from kindred.projects.selectors import showcase_of
from kindred.projects.teams import pair_team
from kindred.relationships.models import Relationship


def _project(cw: CircleWorld) -> Project:
    return projects.project_create(
        actor=cw.members[1],
        team=circle_team(cw.circle),
        title="Remote onboarding playbook",
        purpose="What we learnt about onboarding people we never meet.",
    )


def test_anyone_in_the_circle_starts_a_project_and_owns_its_milestones(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    project = _project(cw)
    assert (project.circle, project.relationship, project.programme) == (
        cw.circle.pk,
        None,
        cw.circle.programme,
    )
    due = dt.date.today() + dt.timedelta(days=14)
    team = circle_team(cw.circle)
    milestone = projects.milestone_add(
        actor=cw.facilitator,
        team=team,
        project_id=project.pk,
        title="First draft",
        due_date=due,
        owner_id=cw.members[3].pk,
    )
    assert milestone.owner == cw.members[3]
    with pytest.raises(InvalidInput) as refused:  # the participant is in no circle
        projects.milestone_add(
            actor=cw.facilitator,
            team=team,
            project_id=project.pk,
            title="Review",
            due_date=due,
            owner_id=cw.world.participant.pk,
        )
    assert refused.value.errors[0]["field"] == "owner"


def test_people_outside_the_circle_and_those_who_left_do_not_write(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    project = _project(cw)
    for outsider in (cw.world.participant, cw.world.manager):
        with pytest.raises(Forbidden):
            projects.project_set_status(
                actor=outsider, team=circle_team(cw.circle), project_id=project.pk, status="done"
            )
    services.circle_leave(actor=cw.members[2], circle=cw.circle)
    cw.circle.refresh_from_db()
    with pytest.raises(Forbidden):
        projects.project_set_status(
            actor=cw.members[2], team=circle_team(cw.circle), project_id=project.pk, status="done"
        )


def test_a_pair_cannot_reach_a_circles_project_through_its_own_pages(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    project = _project(cw)
    pair = Relationship.objects.create(  # the project's author, in a pair elsewhere
        programme=cw.world.other_programme,
        mentor=cw.members[1],
        mentee=cw.world.participant,
        source="matching",
    )
    with pytest.raises(NotFound):
        projects.project_set_status(
            actor=pair.mentor, team=pair_team(pair), project_id=project.pk, status="done"
        )


def test_an_ended_circle_starts_no_project(circle_world: CircleWorld) -> None:
    cw = circle_world
    services.circle_end(actor=cw.world.manager, circle=cw.circle)
    with pytest.raises(Conflict):
        _project(cw)


def test_feedback_tells_everyone_else_in_the_circle(circle_world: CircleWorld) -> None:
    cw = circle_world
    project = _project(cw)
    team = circle_team(cw.circle)
    deliverable = projects.deliverable_add(
        actor=cw.members[1],
        team=team,
        project_id=project.pk,
        title="Draft",
        link="https://docs.example.com/playbook",
    )
    projects.feedback_give(
        actor=cw.facilitator,
        team=team,
        project_id=project.pk,
        deliverable_id=deliverable.pk,
        worked="Clear steps",
        improve="Shorter intro",
        try_next="Test it on a new starter",
    )
    told = Notification.objects.filter(kind="circle_project_feedback")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(m.pk for m in cw.members)
    body = told.first().body  # type: ignore[union-attr]
    assert f"/circles/{cw.circle.pk}/projects/{project.pk}/" in body
    assert cw.facilitator.display_name in told.first().subject  # type: ignore[union-attr]


def test_the_showcase_names_the_circle(circle_world: CircleWorld) -> None:
    cw = circle_world
    programme = cw.circle.programme
    programme.showcase_date = dt.date.today() + dt.timedelta(days=30)
    programme.save(update_fields=["showcase_date"])
    project = _project(cw)
    team = circle_team(cw.circle)
    link = projects.deliverable_add(
        actor=cw.members[1],
        team=team,
        project_id=project.pk,
        title="Playbook",
        link="https://docs.example.com/playbook",
    )
    projects.showcase_submit(
        actor=cw.members[0],
        team=team,
        project_id=project.pk,
        summary="A playbook for onboarding people you never meet in person.",
        deliverable_id=link.pk,
    )
    (shown,) = showcase_of(cw.world.participant, programme)
    assert (shown.project, shown.made_by) == (project, cw.circle.name)
    page = client_for(cw.world.participant).get(f"/programmes/{programme.slug}/showcase/")
    assert cw.circle.name in page.content.decode()


def test_the_circle_page_lists_its_projects_and_the_project_pages_work(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    project = _project(cw)
    member = client_for(cw.members[0])
    page = member.get(f"/circles/{cw.circle.pk}/").content.decode()
    assert f"/circles/{cw.circle.pk}/projects/{project.pk}/" in page
    started = member.post(
        f"/circles/{cw.circle.pk}/projects/",
        {"title": "A talk for the programme", "purpose": "What five zones taught us"},
    )
    assert started.status_code == 302
    assert Project.objects.filter(circle=cw.circle.pk).count() == 2
    due = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    added = member.post(
        f"/circles/{cw.circle.pk}/projects/{project.pk}/act/",
        {"action": "milestone", "title": "Outline", "due_date": due, "owner": cw.members[2].pk},
    )
    assert added.status_code == 302
    detail = member.get(f"/circles/{cw.circle.pk}/projects/{project.pk}/").content.decode()
    assert "Outline" in detail and cw.members[2].display_name in detail
    listed = member.get(f"/circles/{cw.circle.pk}/projects/").content.decode()
    assert f'href="/circles/{cw.circle.pk}/"' in listed  # back to the circle
    assert f"← {cw.circle.name}" in listed


def test_project_milestones_count_in_the_circles_health(circle_world: CircleWorld) -> None:
    cw = circle_world
    project = _project(cw)
    team = circle_team(cw.circle)
    due = dt.date.today()
    milestone = projects.milestone_add(
        actor=cw.facilitator,
        team=team,
        project_id=project.pk,
        title="Outline",
        due_date=due,
        owner_id=cw.members[0].pk,
    )
    now = dt.datetime.now(dt.UTC)
    assert "milestones" not in " ".join(circle_health(cw.circle, now=now).contributor_words)
    later = now + dt.timedelta(days=3)  # done three days late
    projects.milestone_done(actor=cw.members[0], team=team, milestone_id=milestone.pk, now=later)
    found = circle_health(cw.circle, now=later)
    assert "weak: meeting project milestones (0%)" in found.contributor_words


def test_a_manager_who_is_also_a_member_works_on_the_project_and_one_who_is_not_reads(
    circle_world: CircleWorld,
) -> None:
    """Roles overlap: a member who also manages the programme writes as a
    member; a manager outside the circle reads and changes nothing."""
    cw = circle_world
    project = _project(cw)
    member = cw.members[2]
    cw.world.programme.managers.add(member)
    done = client_for(member).post(
        f"/circles/{cw.circle.pk}/projects/{project.pk}/act/",
        {"action": "status", "status": "done"},
    )
    assert done.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.DONE
    manager = client_for(cw.world.manager)
    assert manager.get(f"/circles/{cw.circle.pk}/projects/{project.pk}/").status_code == 200
    refused = manager.post(
        f"/circles/{cw.circle.pk}/projects/{project.pk}/act/",
        {"action": "status", "status": "stopped"},
    )
    assert refused.status_code == 403
    project.refresh_from_db()
    assert project.status == Project.Status.DONE
