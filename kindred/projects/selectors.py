"""Reads for projects: the team (a pair or a circle) and the programme's
managers read them; the showcase is for everyone in the programme."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import NotFound
from kindred.profiles.models import Topic
from kindred.programs.models import Programme
from kindred.projects.models import SKILLS, Deliverable, Feedback, Milestone, Project
from kindred.projects.teams import Team, names_of_teams, pair_team
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import in_pair, relationship_for_viewer


def may_read(user: User, relationship: Relationship) -> bool:
    return (
        in_pair(user, relationship) or relationship.programme.managers.filter(pk=user.pk).exists()
    )


def pair_team_for(user: User, relationship_id: int) -> Team:
    """The pair's projects, for the pair and the programme's managers."""
    relationship = relationship_for_viewer(user, relationship_id)
    if not may_read(user, relationship):
        raise NotFound(_("No such relationship."))
    return pair_team(relationship)


def _with_their_parts(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("owner")),
        Prefetch("deliverables", queryset=Deliverable.objects.select_related("uploaded_by")),
        Prefetch("feedback", queryset=Feedback.objects.select_related("author")),
    )


def projects_of(relationship: Relationship) -> QuerySet[Project]:
    return _with_their_parts(Project.objects.filter(relationship=relationship))


def projects_of_team(team: Team) -> QuerySet[Project]:
    return _with_their_parts(team.projects())


def project_in(team: Team, project_id: int) -> Project:
    project = projects_of_team(team).filter(pk=project_id).first()
    if project is None:
        raise NotFound(_("No such project."))
    return project


def on_time(milestone: Milestone) -> bool:
    """Done on or before its due date, on the owner's own calendar."""
    if milestone.done_at is None:
        return False
    zone = zoneinfo.ZoneInfo(milestone.owner.timezone)
    return milestone.done_at.astimezone(zone).date() <= milestone.due_date


def milestones_on_time(milestones: list[Milestone], now: dt.datetime) -> float | None:
    """Of the milestones done or past due, the share done on time (for health)."""
    due = [m for m in milestones if m.done_at is not None or m.due_date < now.date()]
    return sum(on_time(m) for m in due) / len(due) if due else None


@dataclass(frozen=True)
class MilestoneFigures:
    total: int
    done: int
    on_time: int


def milestone_figures(projects: list[Project]) -> MilestoneFigures:
    milestones = [m for p in projects for m in p.milestones.all()]
    return MilestoneFigures(
        total=len(milestones),
        done=sum(m.done_at is not None for m in milestones),
        on_time=sum(on_time(m) for m in milestones),
    )


@dataclass(frozen=True)
class Showcased:
    project: Project
    made_by: str  # the pair's names or the circle's


def showcase_of(user: User, programme: Programme) -> list[Showcased]:
    """Submitted projects, for the programme's participants and managers."""
    projects = list(
        Project.objects.filter(programme=programme, submitted_at__isnull=False)
        .select_related("relationship__mentor", "relationship__mentee", "showcase_deliverable")
        .order_by("submitted_at")
    )
    names = names_of_teams(projects)
    return [Showcased(project, names[project.pk]) for project in projects]


def skills_for(programme: Programme) -> list[str]:
    """The transferable skills a project may build: Kindred's five and the
    programme's own skill vocabulary."""
    own = Topic.objects.filter(
        kind=Topic.Kind.SKILL, programme=programme, retired=False
    ).values_list("name", flat=True)
    return [*SKILLS, *sorted(own)]


def milestones_of(team: Team) -> list[Milestone]:
    return list(Milestone.objects.filter(project__in=team.projects()).select_related("owner"))
