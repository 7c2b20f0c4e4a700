"""Writes for comfort check-ins and concern reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.audit import services as audit
from kindred.lib import logs
from kindred.lib.errors import Conflict, InvalidInput, NotFound, TooMany
from kindred.lib.text import one_line
from kindred.meetings.models import Meeting
from kindred.notifications.services import notify
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship
from kindred.relationships.policies import require_pair_member, require_pair_member_unseen
from kindred.relationships.services import relationship_change_status
from kindred.safety.messages import ConcernReported
from kindred.safety.models import CaseAudit, CaseNote, ComfortCheckIn, ConcernReport
from kindred.safety.policies import case_handlers, require_case_handler

REPORTS_PER_DAY = 3
REPORTS_PER_MONTH = 10
MAX_TEXT = 4000
ANSWERS = range(1, 6)


# --- comfort check-ins ------------------------------------------------------------


@logs.logged
@transaction.atomic
def checkin_submit(
    *,
    actor: User,
    meeting: Meeting,
    sharing_comfortable: int,
    boundaries_respected: int,
    note: str = "",
) -> ComfortCheckIn:
    """One private check-in per person per held meeting."""
    require_pair_member(actor, meeting.relationship, _("check in after its meetings"))
    if meeting.status != Meeting.Status.HELD:
        raise Conflict(_("Check in once the meeting is recorded as held."))
    for field, answer in (
        ("sharing_comfortable", sharing_comfortable),
        ("boundaries_respected", boundaries_respected),
    ):
        if answer not in ANSWERS:
            raise InvalidInput.on(field, _("Choose an answer from 1 to 5."))
    if len(note) > 1000:
        raise InvalidInput.on("note", _("Keep the note under 1,000 characters."))
    if ComfortCheckIn.objects.filter(meeting=meeting, person=actor).exists():
        raise Conflict(_("You have already checked in for this meeting."))
    return ComfortCheckIn.objects.create(
        meeting=meeting,
        person=actor,
        sharing_comfortable=sharing_comfortable,
        boundaries_respected=boundaries_respected,
        note=note.strip(),
    )


# --- concern reports ----------------------------------------------------------------


@logs.logged
@transaction.atomic
def concern_report(
    *,
    actor: User,
    relationship: Relationship,
    category: str,
    text: str,
    wants_contact: bool,
    now: dt.datetime | None = None,
) -> ConcernReport:
    """File a confidential report. It reaches the programme's managers only;
    nothing changes for, or is sent to, the person it is about."""
    require_pair_member_unseen(actor, relationship)
    return _file(
        ConcernReport(programme=relationship.programme, relationship=relationship, reporter=actor),
        category=category,
        text=text,
        wants_contact=wants_contact,
        now=now or timezone.now(),
    )


@logs.logged
@transaction.atomic
def concern_report_in_group(
    *,
    actor: User,
    programme: Programme,
    circle: int,
    where: str,
    involved: Collection[int],
    about: User,
    category: str,
    text: str,
    wants_contact: bool,
    now: dt.datetime | None = None,
) -> ConcernReport:
    """A confidential report about someone in a group the reporter is in (a
    circle, which checks that before calling). No one in the group handles,
    is alerted about or sees it; nothing is sent to the person it is about."""
    if actor.pk not in involved or about.pk not in involved or about.pk == actor.pk:
        raise NotFound(_("No such person in this group."))
    report = ConcernReport(
        programme=programme,
        circle=circle,
        where=one_line(where)[:200],
        about=about,
        involved=sorted(set(involved)),
        reporter=actor,
    )
    return _file(report, category=category, text=text, wants_contact=wants_contact,
                 now=now or timezone.now())  # fmt: skip


def _file(
    report: ConcernReport, *, category: str, text: str, wants_contact: bool, now: dt.datetime
) -> ConcernReport:
    """Check what was written, keep the reporter's pace, save, and alert
    the case's handlers (never anyone it involves)."""
    if category not in ConcernReport.Category.values:
        raise InvalidInput.on("category", _("Choose what the concern is about."))
    text = text.replace("\x00", "").strip()
    if not 10 <= len(text) <= MAX_TEXT:
        raise InvalidInput.on(
            "text",
            _("Describe the concern in 10 to %(text)s characters.")
            % {"text": number_format(MAX_TEXT, force_grouping=True)},
        )
    _check_rate(report.reporter, now)
    report.category, report.text, report.wants_contact = category, text, wants_contact
    report.created_at = report.updated_at = now
    report.save()
    _trail(report, report.reporter, CaseAudit.Action.REPORTED, at=now)
    _alert_managers(report, now)
    return report


def _check_rate(actor: User, now: dt.datetime) -> None:
    # Lock the reporter's row so two quick submissions are counted in turn.
    list(User.objects.select_for_update().filter(pk=actor.pk))
    mine = ConcernReport.objects.filter(reporter=actor)
    if mine.filter(created_at__gte=now - dt.timedelta(days=1)).count() >= REPORTS_PER_DAY:
        raise TooMany(
            _("You have sent several reports today; the programme team will be in touch.")
        )
    if mine.filter(created_at__gte=now - dt.timedelta(days=30)).count() >= REPORTS_PER_MONTH:
        raise TooMany(
            _("You have sent many reports this month; please contact the programme team.")
        )


def _alert_managers(report: ConcernReport, now: dt.datetime) -> None:
    """The alert names no one: the case page holds the details, for those
    who handle the case (never anyone in the pair it is about)."""
    message = ConcernReported(report=report.pk, programme=report.programme_id)
    for manager in case_handlers(report):
        notify(
            recipient=manager,
            message=message,
            key=f"concern:{report.pk}:{manager.pk}",
            urgent=report.category == ConcernReport.Category.SAFETY,
            digest=False,
            now=now,
        )


# --- the case workflow (programme managers) -------------------------------------------

NEXT = {
    ConcernReport.Status.RECEIVED: {ConcernReport.Status.IN_REVIEW, ConcernReport.Status.RESOLVED},
    ConcernReport.Status.IN_REVIEW: {ConcernReport.Status.RESOLVED},
    ConcernReport.Status.RESOLVED: {ConcernReport.Status.IN_REVIEW},  # reopened
}


def _locked_case(actor: User, report_id: int) -> ConcernReport:
    report = (
        # Only the case's row is locked: a case about a circle has no
        # relationship, and PostgreSQL locks no row of an outer join's null side.
        ConcernReport.objects.select_for_update(of=("self",))
        .select_related("programme", "relationship")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise NotFound(_("No such case."))
    require_case_handler(actor, report)
    return report


@logs.logged
@transaction.atomic
def case_set_status(
    *, actor: User, report_id: int, status: str, outcome: str = ""
) -> ConcernReport:
    report = _locked_case(actor, report_id)
    if status not in {s.value for s in NEXT.get(ConcernReport.Status(report.status), set())}:
        raise Conflict(
            _("A case that is %(get_status_display)s cannot move there.")
            % {"get_status_display": report.get_status_display().lower()}
        )
    if status == ConcernReport.Status.RESOLVED and outcome not in ConcernReport.Outcome.values:
        raise InvalidInput.on("outcome", _("Say how the case was resolved."))
    report.status = status
    report.outcome = outcome if status == ConcernReport.Status.RESOLVED else ""
    report.updated_at = timezone.now()
    report.save()
    detail = status + (f": {outcome}" if report.outcome else "")
    _trail(report, actor, CaseAudit.Action.STATUS, detail)
    return report


@logs.logged
@transaction.atomic
def case_add_note(*, actor: User, report_id: int, text: str) -> CaseNote:
    report = _locked_case(actor, report_id)
    text = text.strip()
    if not 1 <= len(text) <= MAX_TEXT:
        raise InvalidInput.on(
            "text",
            _("Write a note of up to %(text)s characters.")
            % {"text": number_format(MAX_TEXT, force_grouping=True)},
        )
    note = CaseNote.objects.create(report=report, author=actor, text=text)
    _trail(report, actor, CaseAudit.Action.NOTE)
    return note


@logs.logged
@transaction.atomic
def case_change_relationship(*, actor: User, report_id: int, to: str) -> ConcernReport:
    """Pause or end the relationship from the case. The pair sees only that
    the programme team paused or ended it, never why."""
    if to not in (Relationship.Status.PAUSED, Relationship.Status.ENDED_EARLY):
        raise InvalidInput.on("to", _("Pause or end the relationship."))
    report = _locked_case(actor, report_id)
    if report.relationship is None:
        raise Conflict(
            _("This case is about someone in a circle: change the circle from its page.")
        )
    relationship_change_status(
        actor=actor,
        relationship=report.relationship,
        to=to,
        note=gettext_noop("By the programme team"),
    )
    _trail(report, actor, CaseAudit.Action.RELATIONSHIP, to)
    return report


@logs.logged
def case_viewed(*, actor: User, report: ConcernReport) -> None:
    require_case_handler(actor, report)
    _trail(report, actor, CaseAudit.Action.VIEWED)


def _trail(
    report: ConcernReport,
    actor: User,
    action: str,
    detail: str = "",
    at: dt.datetime | None = None,
) -> None:
    """The case's own history, and the organisation's log. The log names the
    case and programme but never the reporter: org admins who do not handle
    the case read it too."""
    at = at or timezone.now()
    CaseAudit.objects.create(report=report, actor=actor, action=action, detail=detail, at=at)
    audit.record(
        audit.Action.CASE_READ if action == CaseAudit.Action.VIEWED else audit.Action.CASE_CHANGE,
        actor=actor,
        unnamed=action == CaseAudit.Action.REPORTED,
        programme=report.programme,
        target=f"case {report.pk}",
        detail=f"{action} {detail}".strip(),
    )
