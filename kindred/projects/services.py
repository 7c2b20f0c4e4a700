"""Writes for joint projects. The team (a pair or a circle) writes; the
programme's managers read."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.lib import logs
from kindred.lib.errors import Conflict, InvalidInput, NotFound
from kindred.lib.text import require_single_line
from kindred.lib.timezones import local_today
from kindred.projects.files import check_upload, stored_name
from kindred.projects.models import Deliverable, Feedback, Milestone, Project
from kindred.projects.selectors import skills_for
from kindred.projects.teams import Team

MAX_MILESTONES = 30
MAX_DELIVERABLES = 50


def _writer(actor: User, team: Team) -> None:
    team.require_member(actor, gettext_noop("work on its projects"))


def _text(value: str, field: str, low: int, high: int, what: str) -> str:
    value = value.replace("\x00", "").strip()
    if not low <= len(value) <= high:
        raise InvalidInput.on(
            field,
            _("%(what)s (%(low)s to %(high)s characters).")
            % {"what": what, "low": low, "high": number_format(high, force_grouping=True)},
        )
    return value


def _title(value: str, high: int, what: str) -> str:
    return require_single_line(_text(value, "title", 3, high, what), "title")


@logs.logged
@transaction.atomic
def project_create(
    *,
    actor: User,
    team: Team,
    title: str,
    purpose: str,
    beneficiaries: str = "",
    skills: list[str] | None = None,
) -> Project:
    _writer(actor, team)
    if not team.active:
        raise Conflict(_("Projects start while %(name)s is active.") % {"name": team.name})
    chosen = list(dict.fromkeys(skills or []))
    unknown = set(chosen) - set(skills_for(team.programme))
    if unknown:
        raise InvalidInput.on("skills", _("Choose skills from the list."))
    return Project.objects.create(
        **team.owner,
        programme=team.programme,
        title=_title(title, 120, _("Give the project a title")),
        purpose=_text(purpose, "purpose", 10, 1000, _("Say what it is for")),
        beneficiaries=_text(beneficiaries, "beneficiaries", 0, 300, _("Who benefits")),
        skills=chosen,
        status=Project.Status.ACTIVE,
        created_by=actor,
    )


def _project(actor: User, team: Team, project_id: int) -> Project:
    _writer(actor, team)
    project = team.projects().select_for_update().filter(pk=project_id).first()
    if project is None:
        raise NotFound(_("No such project."))
    return project


@logs.logged
@transaction.atomic
def project_set_status(*, actor: User, team: Team, project_id: int, status: str) -> Project:
    project = _project(actor, team, project_id)
    if status not in Project.Status.values:
        raise InvalidInput.on("status", _("Choose a status from the list."))
    project.status = status
    project.save(update_fields=["status"])
    return project


@logs.logged
@transaction.atomic
def milestone_add(
    *,
    actor: User,
    team: Team,
    project_id: int,
    title: str,
    due_date: dt.date,
    owner_id: int,
) -> Milestone:
    project = _project(actor, team, project_id)
    owner = team.member(owner_id)
    if owner is None:
        raise InvalidInput.on("owner", _("The owner is someone in %(name)s.") % {"name": team.name})
    if due_date < local_today(owner.timezone) - dt.timedelta(days=1):
        raise InvalidInput.on("due_date", _("Choose a date from today on."))
    if project.milestones.count() >= MAX_MILESTONES:
        raise InvalidInput.on(
            "title",
            _("A project has at most %(milestones)s milestones.") % {"milestones": MAX_MILESTONES},
        )
    return Milestone.objects.create(
        project=project,
        title=_title(title, 200, _("Name the milestone")),
        due_date=due_date,
        owner=owner,
    )


@logs.logged
@transaction.atomic
def milestone_done(
    *, actor: User, team: Team, milestone_id: int, now: dt.datetime | None = None
) -> Milestone:
    _writer(actor, team)
    milestone = (
        Milestone.objects.select_for_update()
        .filter(pk=milestone_id, project__in=team.projects())
        .first()
    )
    if milestone is None:
        raise NotFound(_("No such milestone."))
    if milestone.done_at is not None:
        raise Conflict(_("This milestone is already done."))
    milestone.done_at = now or timezone.now()
    milestone.save(update_fields=["done_at"])
    return milestone


@logs.logged
@transaction.atomic
def deliverable_add(
    *,
    actor: User,
    team: Team,
    project_id: int,
    title: str,
    link: str = "",
    upload: UploadedFile | None = None,
    milestone_id: int | None = None,
) -> Deliverable:
    """A deliverable is a link or a file (one of them), checked before any
    byte is stored."""
    project = _project(actor, team, project_id)
    if bool(link) == bool(upload):
        raise InvalidInput.on("link", _("Give a link or a file (one of them)."))
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except Exception:  # Django's ValidationError: say it plainly
            raise InvalidInput.on("link", _("Give a full web address (https://…).")) from None
    if milestone_id is not None and not project.milestones.filter(pk=milestone_id).exists():
        raise InvalidInput.on("milestone", _("That milestone is not in this project."))
    if project.deliverables.count() >= MAX_DELIVERABLES:
        raise InvalidInput.on(
            "title",
            _("A project has at most %(deliverables)s deliverables.")
            % {"deliverables": MAX_DELIVERABLES},
        )
    deliverable = Deliverable(
        project=project,
        milestone_id=milestone_id,
        title=_title(title, 200, _("Name the deliverable")),
        link=link,
        uploaded_by=actor,
    )
    if upload is not None:
        kind, safe_name = check_upload(upload)
        deliverable.file_name, deliverable.content_type = safe_name, kind.content_type
        deliverable.size = upload.size or 0
        deliverable.file.save(stored_name(PurePath(safe_name).suffix.lower()), upload, save=False)
    deliverable.save()
    return deliverable


@logs.logged
@transaction.atomic
def feedback_give(
    *,
    actor: User,
    team: Team,
    project_id: int,
    worked: str,
    improve: str,
    try_next: str,
    deliverable_id: int | None = None,
    milestone_id: int | None = None,
    now: dt.datetime | None = None,
) -> Feedback:
    """Feedback on one deliverable or one milestone; the rest of the team is
    told through the outbox (in their hours, gathered into a digest)."""
    project = _project(actor, team, project_id)
    if (deliverable_id is None) == (milestone_id is None):
        raise InvalidInput.on("target", _("Give feedback on one deliverable or one milestone."))
    if deliverable_id is not None and not project.deliverables.filter(pk=deliverable_id).exists():
        raise NotFound(_("No such deliverable."))
    if milestone_id is not None and not project.milestones.filter(pk=milestone_id).exists():
        raise NotFound(_("No such milestone."))
    feedback = Feedback.objects.create(
        project=project,
        deliverable_id=deliverable_id,
        milestone_id=milestone_id,
        author=actor,
        worked=_text(worked, "worked", 2, 1000, _("Say what worked")),
        improve=_text(improve, "improve", 2, 1000, _("Say what to improve")),
        try_next=_text(try_next, "try_next", 2, 500, _("Suggest one thing to try next")),
    )
    team.tell(actor, project, feedback.pk, now)
    return feedback


@logs.logged
@transaction.atomic
def showcase_submit(
    *,
    actor: User,
    team: Team,
    project_id: int,
    summary: str,
    deliverable_id: int,
    now: dt.datetime | None = None,
) -> Project:
    """Before the programme's showcase date, a summary and one deliverable."""
    project = _project(actor, team, project_id)
    showcase = team.programme.showcase_date
    if showcase is None:
        raise Conflict(_("This programme has no showcase."))
    if local_today(actor.timezone, now) > showcase:
        raise Conflict(_("The showcase has taken place; submissions are closed."))
    if not project.deliverables.filter(pk=deliverable_id).exists():
        raise InvalidInput.on("deliverable", _("Choose one of the project's deliverables."))
    project.showcase_summary = _text(summary, "summary", 20, 2000, _("Summarise the project"))
    project.showcase_deliverable_id = deliverable_id
    project.submitted_at = now or timezone.now()
    project.save()
    return project
