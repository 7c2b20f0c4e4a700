"""Reads for projects: the pair and the programme's managers read them;
the showcase is for everyone in the programme."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from kindred.accounts.models import User
from kindred.lib.errors import NotFound
from kindred.profiles.models import Topic
from kindred.programs.models import Programme
from kindred.projects.models import SKILLS, Deliverable, Feedback, Milestone, Project
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import in_pair, relationship_for_viewer


def may_read(user: User, relationship: Relationship) -> bool:
    return (
        in_pair(user, relationship) or relationship.programme.managers.filter(pk=user.pk).exists()
    )


def relationship_for_projects(user: User, relationship_id: int) -> Relationship:
    relationship = relationship_for_viewer(user, relationship_id)
    if not may_read(user, relationship):
        raise NotFound("No such relationship.")
    return relationship


def projects_of(relationship: Relationship) -> QuerySet[Project]:
    return Project.objects.filter(relationship=relationship).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("owner")),
        Prefetch("deliverables", queryset=Deliverable.objects.select_related("uploaded_by")),
        Prefetch("feedback", queryset=Feedback.objects.select_related("author")),
    )


def project_in(relationship: Relationship, project_id: int) -> Project:
    project = projects_of(relationship).filter(pk=project_id).first()
    if project is None:
        raise NotFound("No such project.")
    return project


def on_time(milestone: Milestone) -> bool:
    """Done on or before its due date, on the owner's own calendar."""
    if milestone.done_at is None:
        return False
    zone = zoneinfo.ZoneInfo(milestone.owner.timezone)
    return milestone.done_at.astimezone(zone).date() <= milestone.due_date


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


def showcase_of(user: User, programme: Programme) -> QuerySet[Project]:
    """Submitted projects, for the programme's participants and managers."""
    return (
        Project.objects.filter(relationship__programme=programme, submitted_at__isnull=False)
        .select_related("relationship__mentor", "relationship__mentee", "showcase_deliverable")
        .order_by("submitted_at")
    )


def skills_for(relationship: Relationship) -> list[str]:
    """The transferable skills a project may build: Kindred's five and the
    programme's own skill vocabulary."""
    own = Topic.objects.filter(
        kind=Topic.Kind.SKILL, programme=relationship.programme, retired=False
    ).values_list("name", flat=True)
    return [*SKILLS, *sorted(own)]
