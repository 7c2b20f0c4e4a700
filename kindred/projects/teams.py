"""Who builds a project together: a pair or a circle.

Projects sit below circles, so they cannot ask a circle who is in it. The
layer that keeps the people describes them as a `Team` (a pair's is made
here; a circle's by `kindred.circles.projects`), and every project read,
write and page works from that description alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import Forbidden
from kindred.notifications.services import notify
from kindred.programs.models import Programme
from kindred.projects.messages import ProjectFeedback
from kindred.projects.models import Project
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import calendar_in, partner_of

# Tells the rest of the team about new feedback: (author, project, feedback id, now).
Tell = Callable[[User, Project, int, dt.datetime | None], None]


@dataclass(frozen=True)
class Routes:
    """The names of a team's project pages; each takes the team's id first."""

    list: str
    detail: str
    act: str
    download: str
    home: str  # the team's own page


@dataclass(frozen=True)
class Team:
    key: int  # the relationship's or the circle's id
    programme: Programme
    members: tuple[User, ...]
    active: bool
    name: str  # how pages name it ("the relationship", "The Navigators")
    owner: dict[str, object]  # the Project fields that make a project this team's
    routes: Routes
    tell: Tell = field(compare=False)
    relationship: Relationship | None = None

    def has(self, user: User) -> bool:
        return any(member.pk == user.pk for member in self.members)

    def require_member(self, actor: User, doing: str) -> None:
        if not self.has(actor):
            raise Forbidden(
                _("Only the people in %(name)s %(doing)s.")
                % {"name": self.name, "doing": gettext(doing)}
            )

    def projects(self) -> QuerySet[Project]:
        return Project.objects.filter(**self.owner)

    def member(self, person_id: int) -> User | None:
        return next((m for m in self.members if m.pk == person_id), None)


PAIR_ROUTES = Routes(
    list="projects:list",
    detail="projects:detail",
    act="projects:act",
    download="projects:download",
    home="pages:relationship",
)


def pair_team(relationship: Relationship) -> Team:
    def tell(author: User, project: Project, feedback: int, now: dt.datetime | None) -> None:
        partner = partner_of(author, relationship)
        notify(
            recipient=partner,
            message=ProjectFeedback(
                relationship=relationship.pk, project=project.pk, author=author.pk
            ),
            key=f"feedback:{feedback}",
            now=now,
            calendar=calendar_in(relationship, partner, around=now),
        )

    return Team(
        key=relationship.pk,
        programme=relationship.programme,
        members=(relationship.mentee, relationship.mentor),
        active=relationship.status == Relationship.Status.ACTIVE,
        name=_("the relationship"),
        owner={"relationship": relationship},
        routes=PAIR_ROUTES,
        tell=tell,
        relationship=relationship,
    )


# --- names on the showcase ----------------------------------------------------------

# For projects of teams kept above this layer: circle ids -> their names.
_circle_names: list[Callable[[Iterable[int]], dict[int, str]]] = []


def provide_circle_names(reader: Callable[[Iterable[int]], dict[int, str]]) -> None:
    """Called once by the circles app when it is ready."""
    if reader not in _circle_names:
        _circle_names.append(reader)


def names_of_teams(projects: list[Project]) -> dict[int, str]:
    """Project id -> who made it, for projects already read with their pair."""
    circles = {p.circle for p in projects if p.circle is not None}
    circle_names: dict[int, str] = {}
    for reader in _circle_names:
        circle_names |= reader(circles)
    return {
        p.pk: (
            f"{p.relationship.mentor.display_name} and {p.relationship.mentee.display_name}"
            if p.relationship is not None
            else circle_names.get(p.circle or 0, "A circle")
        )
        for p in projects
    }
