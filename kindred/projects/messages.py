"""The e-mail a project sends. Words in `projects/email/`."""

from __future__ import annotations

from dataclasses import dataclass

from kindred.accounts.models import User
from kindred.lib.links import absolute_url
from kindred.notifications.messages import Message
from kindred.projects.models import Project


@dataclass(frozen=True)
class FeedbackOnProject(Message):
    """Someone gave feedback on a project: each kind of team says where its
    project's page is."""

    project: int
    author: int

    def page(self) -> str:
        raise NotImplementedError

    def context(self, recipient: User | None) -> dict[str, object]:
        return {
            "author": User.objects.get(pk=self.author),
            "project": Project.objects.get(pk=self.project),
            "link": self.page(),
        }

    def named(self) -> tuple[int, ...]:
        return (self.author,)


@dataclass(frozen=True)
class ProjectFeedback(FeedbackOnProject):
    kind = "project_feedback"
    template = "projects/email/project_feedback.txt"
    relationship: int

    def page(self) -> str:
        return absolute_url("projects:detail", self.relationship, self.project)
