"""A circle's joint projects: the projects app's pages and rules, with the
circle as the team that builds them (kindred.projects.teams)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kindred.accounts.models import User
from kindred.circles.messages import CircleProjectFeedback
from kindred.circles.models import Circle
from kindred.circles.selectors import people_of
from kindred.notifications.services import notify
from kindred.projects.models import Project
from kindred.projects.teams import Routes, Team

CIRCLE_ROUTES = Routes(
    list="circles:projects",
    detail="circles:project",
    act="circles:project_act",
    download="circles:project_download",
    home="circles:detail",
)


def circle_team(circle: Circle) -> Team:
    def tell(author: User, project: Project, feedback: int, now: dt.datetime | None) -> None:
        for person in people_of(circle):
            if person.pk == author.pk:
                continue
            notify(
                recipient=person,
                message=CircleProjectFeedback(
                    circle=circle.pk, project=project.pk, author=author.pk
                ),
                key=f"feedback:{feedback}:{person.pk}",
                now=now,
            )

    return Team(
        key=circle.pk,
        programme=circle.programme,
        members=tuple(people_of(circle)),
        active=circle.is_active,
        name=circle.name,
        owner={"circle": circle.pk},
        routes=CIRCLE_ROUTES,
        tell=tell,
    )


def circle_names(ids: Iterable[int]) -> dict[int, str]:
    """For the programme's showcase."""
    return {circle.pk: circle.name for circle in Circle.objects.filter(pk__in=list(ids))}
