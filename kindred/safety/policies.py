"""Who handles a concern case: the one home of that rule.

A case is handled by the programme's managers, except anyone in the
relationship it is about (the reported person, and the reporter, who is the
reported person's partner), or, for a concern about someone in a circle,
anyone in that circle: a manager can also be a participant, and the
accused must never see, be alerted about, or act on their own case. When no
manager is left, the organisation's admins (again without anyone in the
pair) handle it, and the reporter is told so.

The rule is a pure function of ids, so a list of cases can apply it without
a query per case; the model-level helpers below load those ids once."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import NotFound
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship
from kindred.safety.models import ConcernReport


@dataclass(frozen=True)
class Staff:
    """The people who could handle cases of one programme."""

    managers: frozenset[int]
    admins: frozenset[int]

    @classmethod
    def of(cls, programme: Programme) -> Staff:
        managers = programme.managers.filter(is_active=True).values_list("pk", flat=True)
        admins = User.objects.filter(is_org_admin=True, is_active=True).values_list("pk", flat=True)
        return cls(frozenset(managers), frozenset(admins))


def handler_ids(staff: Staff, pair: Collection[int]) -> frozenset[int]:
    """The programme's managers outside the pair; failing them, the
    organisation's admins outside the pair."""
    managers = staff.managers - set(pair)
    return managers or (staff.admins - set(pair))


def goes_to_admins(staff: Staff, pair: Collection[int]) -> bool:
    return not (staff.managers - set(pair))


def pair_ids(relationship: Relationship) -> tuple[int, int]:
    return (relationship.mentor_id, relationship.mentee_id)


def involved_ids(report: ConcernReport) -> tuple[int, ...]:
    """Who never handles the case: the pair it is about, or everyone in the
    circle (the reporter and the person it is about among them)."""
    if report.relationship_id is not None:
        return pair_ids(report.relationship)  # type: ignore[arg-type]
    return tuple(int(pk) for pk in report.involved)


def case_handlers(report: ConcernReport) -> list[User]:
    ids = handler_ids(Staff.of(report.programme), involved_ids(report))
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


def may_handle(user: User, report: ConcernReport) -> bool:
    return user.pk in handler_ids(Staff.of(report.programme), involved_ids(report))


def require_case_handler(actor: User, report: ConcernReport) -> None:
    """Only the case's handlers act on it; to anyone else (the pair it is
    about above all) it does not exist."""
    if not may_handle(actor, report):
        raise NotFound(_("No such case."))


def reports_go_to_admins(relationship: Relationship) -> bool:
    """What the reporter is told before and after sending: whether their
    programme's managers will read it, or the organisation's admins."""
    return goes_to_admins(Staff.of(relationship.programme), pair_ids(relationship))


def group_reports_go_to_admins(programme: Programme, involved: Collection[int]) -> bool:
    """The same, for a concern about someone in a group."""
    return goes_to_admins(Staff.of(programme), involved)


def handled_by(user: User, reports: Iterable[ConcernReport], staff: Staff) -> list[ConcernReport]:
    """The cases among `reports` (all of one programme) that `user` handles."""
    return [r for r in reports if user.pk in handler_ids(staff, involved_ids(r))]


def case_ids_handled_by(user: User) -> set[int]:
    """Every case, in any programme, that `user` handles (for the admin)."""
    reports = ConcernReport.objects.select_related("programme", "relationship")
    if not user.is_org_admin:
        reports = reports.filter(programme__managers=user)
    staff: dict[int, Staff] = {}
    handled = set()
    for report in reports:
        if report.programme_id not in staff:
            staff[report.programme_id] = Staff.of(report.programme)
        if user.pk in handler_ids(staff[report.programme_id], involved_ids(report)):
            handled.add(report.pk)
    return handled
