"""Reads for mentor development. Progress, self-assessments and practice
figures are the person's own; nobody else reads them here. Programme
managers get aggregates over at least MIN_GROUP people, and the mentee view
of a mentor's competence is pooled over all their mentees' ratings."""

from __future__ import annotations

from statistics import fmean

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.development.models import ModuleProgress, ProgrammeModule, SelfAssessment
from kindred.development.modules import BY_KEY, MODULES, Module
from kindred.engines.health.surveys import AREAS
from kindred.lib.charts import Chart
from kindred.lib.errors import NotFound
from kindred.lib.phrases import Phrase, phrase, phrases
from kindred.lib.privacy import MIN_GROUP
from kindred.programs.models import Membership, Programme, Role

# Short enough for one line under a bar in a 420-pixel chart.
# Short names that fit under a chart's bars, translated when shown.
MODULE_LABELS = {
    "trust": gettext_noop("Trust"),
    "engagement": gettext_noop("Rules"),
    "forming": gettext_noop("Forming"),
    "boundaries": gettext_noop("Boundaries"),
    "collaboration": gettext_noop("Projects"),
}
AREA_LABELS = {
    "communication": gettext_noop("Commun."),
    "aligning expectations": gettext_noop("Expect."),
    "assessing understanding": gettext_noop("Underst."),
    "addressing diversity": gettext_noop("Diverse"),
    "fostering independence": gettext_noop("Indep."),
    "professional development": gettext_noop("Career"),
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


# The chart's series, translated when shown.
SERIES = {Role.MENTOR: gettext_noop("Mentors"), Role.MENTEE: gettext_noop("Mentees")}


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
    return Chart(
        "modules",
        phrase("Practice modules completed"),
        _completion_words(sizes[Role.MENTOR], sizes[Role.MENTEE]),
        gettext_noop("Per cent"),
        [MODULE_LABELS[m.key] for m in MODULES],
        series,
        y_max=100,
    )


def _completion_words(mentors: int, mentees: int) -> Phrase:
    """What the module chart shows, and which group is too small to."""
    shown = {"mentors": mentors, "mentees": mentees, "group": MIN_GROUP}
    small_mentors, small_mentees = mentors < MIN_GROUP, mentees < MIN_GROUP
    if small_mentors and small_mentees:
        return phrase(
            "Share of %(mentors)s mentors and %(mentees)s mentees who have completed each module "
            "(trust, rules of engagement, forming, boundaries, collaborating on projects); "
            "mentors and mentees not shown (fewer than %(group)s).",
            **shown,
        )
    if small_mentors or small_mentees:
        return phrase(
            "Share of %(mentors)s mentors and %(mentees)s mentees who have completed each module "
            "(trust, rules of engagement, forming, boundaries, collaborating on projects); "
            "%(hidden)s not shown (fewer than %(group)s).",
            hidden=phrase("mentors") if small_mentors else phrase("mentees"),
            **shown,
        )
    return phrase(
        "Share of %(mentors)s mentors and %(mentees)s mentees who have completed each module "
        "(trust, rules of engagement, forming, boundaries, collaborating on projects).",
        **shown,
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
        phrase("Mentor self-assessment: first and latest"),
        phrases(
            "%(count)s mentor has taken the self-assessment at least twice%(shown_from)s. Areas: "
            "communication, aligning expectations, assessing understanding, addressing "
            "diversity, fostering independence, professional development (career).",
            "%(count)s mentors have taken the self-assessment at least twice%(shown_from)s. "
            "Areas: communication, aligning expectations, assessing understanding, addressing "
            "diversity, fostering independence, professional development (career).",
            len(pairs),
            shown_from="" if enough else phrase("; shown from %(group)s", group=MIN_GROUP),
        ),
        gettext_noop("Mean (1-7)"),
        [AREA_LABELS[a] for a in AREAS],
        {
            gettext_noop("First"): [mean(0, a) for a in AREAS],
            gettext_noop("Latest"): [mean(1, a) for a in AREAS],
        },
        y_max=7,
    )


def module_or_404(key: str) -> Module:
    found = BY_KEY.get(key)
    if found is None:
        raise NotFound(_("No such module."))
    return found
