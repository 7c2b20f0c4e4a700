"""Reads for mentor development. Progress, self-assessments and practice
figures are the person's own; nobody else reads them here. Programme
managers get aggregates over at least MIN_GROUP people, and the mentee view
of a mentor's competence is pooled over all their mentees' ratings."""

from __future__ import annotations

from statistics import fmean

from django.db.models import Q
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.development.models import ModuleProgress, ProgrammeModule, SelfAssessment
from kindred.development.modules import BY_KEY, MODULES, Module
from kindred.engines.health.surveys import AREAS
from kindred.lib.charts import Chart
from kindred.lib.errors import NotFound
from kindred.lib.privacy import MIN_GROUP
from kindred.programs.models import Membership, Programme, Role

# Short enough for one line under a bar in a 420-pixel chart.
MODULE_LABELS = {
    "trust": "Trust",
    "engagement": "Rules",
    "forming": "Forming",
    "boundaries": "Boundaries",
    "collaboration": "Projects",
}
AREA_LABELS = {
    "communication": "Commun.",
    "aligning expectations": "Expect.",
    "assessing understanding": "Underst.",
    "addressing diversity": "Diverse",
    "fostering independence": "Indep.",
    "professional development": "Career",
}


def progress_of(person: User) -> dict[str, ModuleProgress]:
    return {p.module: p for p in ModuleProgress.objects.filter(person=person)}


def notes_for(person: User, key: str) -> list[ProgrammeModule]:
    """The notes that the person's programmes (as participant or manager)
    added to a module."""
    return list(
        ProgrammeModule.objects.filter(module=key)
        .exclude(note="")
        .filter(Q(programme__memberships__user=person) | Q(programme__managers=person))
        .select_related("programme")
        .distinct()
        .order_by("programme__name")
    )


def programme_settings(programme: Programme) -> dict[str, ProgrammeModule]:
    return {s.module: s for s in ProgrammeModule.objects.filter(programme=programme)}


def _members(programme: Programme, department: str) -> dict[int, str]:
    members = Membership.objects.filter(programme=programme)
    if department:
        members = members.filter(user__department=department)
    return dict(members.values_list("user_id", "role"))


def _share_or_none(done: int, group: int) -> float | None:
    """A percentage, or None for a group too small to report."""
    return round(100 * done / group, 1) if group >= MIN_GROUP else None


# The chart's series (its words are English until charts are translated).
SERIES = {Role.MENTOR: "Mentors", Role.MENTEE: "Mentees"}


def module_completion(programme: Programme, *, department: str = "") -> Chart:
    """Per module, the share of the programme's mentors and of its mentees
    who have completed it; groups under MIN_GROUP are not shown."""
    members = _members(programme, department)
    done: dict[tuple[str, str], int] = {}
    for person_id, key in ModuleProgress.objects.filter(
        person_id__in=Membership.objects.filter(programme=programme).values("user_id"),
        completed_at__isnull=False,
    ).values_list("person_id", "module"):
        if person_id in members:
            done[(key, members[person_id])] = done.get((key, members[person_id]), 0) + 1
    sizes = {role: sum(r == role for r in members.values()) for role in (Role.MENTOR, Role.MENTEE)}
    series = {
        SERIES[role]: [_share_or_none(done.get((m.key, role), 0), sizes[role]) for m in MODULES]
        for role in (Role.MENTOR, Role.MENTEE)
    }
    hidden = [SERIES[role].lower() for role in sizes if sizes[role] < MIN_GROUP]
    return Chart(
        "modules",
        "Practice modules completed",
        f"Share of {sizes[Role.MENTOR]} mentors and {sizes[Role.MENTEE]} mentees who have "
        "completed each module (trust, rules of engagement, forming, boundaries, "
        "collaborating on projects)"
        + (f"; {' and '.join(hidden)} not shown (fewer than {MIN_GROUP})" if hidden else "")
        + ".",
        "Per cent",
        [MODULE_LABELS[m.key] for m in MODULES],
        series,
        y_max=100,
    )


def self_assessment_change(programme: Programme, *, department: str = "") -> Chart:
    """Mean first and latest self-assessment per area, over the programme's
    mentors who have taken it at least twice; nothing under MIN_GROUP."""
    mentors = [p for p, role in _members(programme, department).items() if role == Role.MENTOR]
    taken: dict[int, list[dict[str, float]]] = {}
    for person_id, areas in SelfAssessment.objects.filter(person_id__in=mentors).values_list(
        "person_id", "areas"
    ):
        taken.setdefault(person_id, []).append(areas)
    pairs = [(runs[0], runs[-1]) for runs in taken.values() if len(runs) >= 2]
    enough = len(pairs) >= MIN_GROUP

    def mean(which: int, area: str) -> float | None:
        values = [pair[which][area] for pair in pairs if area in pair[0] and area in pair[1]]
        return round(fmean(values), 2) if enough and values else None

    return Chart(
        "self-assessment",
        "Mentor self-assessment: first and latest",
        f"{len(pairs)} mentors have taken the self-assessment at least twice"
        + ("" if enough else f"; shown from {MIN_GROUP}")
        + ". Areas: communication, aligning expectations, assessing understanding, addressing "
        "diversity, fostering independence, professional development (career).",
        "Mean (1-7)",
        [AREA_LABELS[a] for a in AREAS],
        {"First": [mean(0, a) for a in AREAS], "Latest": [mean(1, a) for a in AREAS]},
        y_max=7,
    )


def module_or_404(key: str) -> Module:
    found = BY_KEY.get(key)
    if found is None:
        raise NotFound(_("No such module."))
    return found
