"""Reads for matching, with its access rules: runs, the audit and every
proposal are for the programme's managers; a participant sees only their
own proposals and requests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.engines.matching.similarities import Similarities, similarities
from kindred.lib.errors import NotFound
from kindred.matching.inputs import person_from, value_labels
from kindred.matching.models import Decision, MatchRun, MentorRequest, Proposal
from kindred.profiles.models import Profile
from kindred.profiles.selectors import values_summary
from kindred.programs.models import Membership, Programme, ProgrammeStatus, Role
from kindred.programs.selectors import programmes_managed_by
from kindred.relationships.models import Relationship


def runs_of(programme: Programme) -> QuerySet[MatchRun]:
    return programme.match_runs.select_related("created_by").order_by("-created_at")


def run_for_manager(user: User, run_id: int) -> MatchRun:
    run = (
        MatchRun.objects.select_related("programme", "created_by")
        .filter(pk=run_id, programme__in=programmes_managed_by(user))
        .first()
    )
    if run is None:
        raise NotFound(_("No such matching run."))
    return run


def open_proposals_elsewhere(run: MatchRun) -> QuerySet[Proposal]:
    """Proposals of the programme's other published runs still waiting for
    answers: publishing `run` would supersede them."""
    return Proposal.objects.filter(
        run__programme_id=run.programme_id, status=Proposal.Status.PUBLISHED
    ).exclude(run=run)


def proposals_of(run: MatchRun) -> QuerySet[Proposal]:
    return run.proposals.select_related("mentee", "mentor").order_by("-pinned", "-score")


def proposal_in_run(run: MatchRun, proposal_id: object) -> Proposal | None:
    """Another proposal of the same run, by an id as posted (None if none)."""
    try:
        pk = int(str(proposal_id))
    except ValueError:
        return None
    if not 0 < pk < 2**62:
        return None
    return run.proposals.select_related("mentee", "mentor").filter(pk=pk).first()


def proposal_for_manager(user: User, proposal_id: int) -> Proposal:
    proposal = (
        Proposal.objects.select_related("run__programme", "mentee", "mentor")
        .filter(pk=proposal_id, run__programme__in=programmes_managed_by(user))
        .first()
    )
    if proposal is None:
        raise NotFound(_("No such proposal."))
    return proposal


def proposals_for_participant(user: User) -> QuerySet[Proposal]:
    """The person's own proposals once published, newest first."""
    return (
        Proposal.objects.filter(Q(mentee=user) | Q(mentor=user))
        .exclude(status=Proposal.Status.DRAFT)
        .select_related("run__programme", "mentee", "mentor")
        .order_by("-run__published_at")
    )


def self_match_programmes(user: User) -> list[Programme]:
    """Programmes where this mentee may browse suggestions now: self-match is
    on, and they have no mentor, no proposal awaiting answers and no open request."""
    busy = set(
        Relationship.objects.filter(mentee=user, status=Relationship.Status.ACTIVE).values_list(
            "programme_id", flat=True
        )
    )
    busy |= set(
        Proposal.objects.filter(mentee=user, status=Proposal.Status.PUBLISHED).values_list(
            "run__programme_id", flat=True
        )
    )
    busy |= set(
        MentorRequest.objects.filter(mentee=user, status=MentorRequest.Status.PENDING).values_list(
            "programme_id", flat=True
        )
    )
    memberships = Membership.objects.filter(user=user, role=Role.MENTEE).select_related(
        "programme", "programme__matching_settings"
    )
    return [
        m.programme
        for m in memberships
        if m.programme_id not in busy and self_match_enabled(m.programme)
    ]


def self_match_enabled(programme: Programme) -> bool:
    """Whether mentees may browse mentors and ask one: never in circles,
    where formation places members, nor among peers, with no mentor side."""
    if programme.is_circles or programme.is_peer:
        return False
    settings = getattr(programme, "matching_settings", None)
    return settings is None or settings.self_match


def requests_sent(user: User) -> QuerySet[MentorRequest]:
    return MentorRequest.objects.filter(mentee=user).select_related("mentor", "programme")


def requests_received(user: User) -> QuerySet[MentorRequest]:
    return MentorRequest.objects.filter(mentor=user).select_related("mentee", "programme")


def pair_similarities(relationship: Relationship, *, today: dt.date) -> Similarities:
    """What the pair shares, from both intakes (never demographics)."""
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(
            user_id__in=[relationship.mentor_id, relationship.mentee_id]
        ).prefetch_related("goals", "skills_sought", "skills_offered")
    }
    return similarities(
        person_from(relationship.mentee, profiles.get(relationship.mentee_id)),
        person_from(relationship.mentor, profiles.get(relationship.mentor_id)),
        value_labels=value_labels(),
        reference_date=today - dt.timedelta(days=today.weekday()),
    )


def proposals_awaiting(person: User) -> list[Proposal]:
    """Published proposals that wait for this person's own answer."""
    return list(
        Proposal.objects.filter(
            Q(mentee=person, mentee_decision=Decision.PENDING)
            | Q(mentor=person, mentor_decision=Decision.PENDING),
            status=Proposal.Status.PUBLISHED,
        ).select_related("mentee", "mentor", "run__programme")
    )


def requests_awaiting(mentor: User) -> list[MentorRequest]:
    return list(
        requests_received(mentor).filter(status=MentorRequest.Status.PENDING).order_by("created_at")
    )


def matching_state_of_managed(manager: User) -> list[dict[str, Any]]:
    """Per programme the person runs and that is matching or running: its
    latest run (if any: id, done, published) and how many proposals wait."""
    waiting = Count(
        "match_runs__proposals", filter=Q(match_runs__proposals__status=Proposal.Status.PUBLISHED)
    )
    rows = (
        programmes_managed_by(manager)
        .filter(status__in=[ProgrammeStatus.MATCHING, ProgrammeStatus.RUNNING])
        .annotate(waiting=waiting, latest_run=Max("match_runs__pk"))
        .values("pk", "name", "slug", "status", "waiting", "latest_run")
    )
    found = list(rows)
    runs = MatchRun.objects.in_bulk([r["latest_run"] for r in found if r["latest_run"]])
    for row in found:
        row["run"] = runs.get(row["latest_run"])
    return found


@dataclass(frozen=True)
class DirectoryEntry:
    """A mentor as a mentee browsing the directory sees them: what they value,
    offer and are called to, never who they are on paper (no demographics)."""

    mentor: User
    values: list[str]
    offers: list[str]
    calling: str
    room: int


def mentor_directory(programme: Programme, q: str = "") -> QuerySet[Membership]:
    """The programme's mentors with room for another mentee, found by name or
    by a skill they offer, in name order (one query a page)."""
    running = Count(
        "user__mentoring",
        filter=Q(
            user__mentoring__programme=programme,
            user__mentoring__status__in=[Relationship.Status.ACTIVE, Relationship.Status.PAUSED],
        ),
        distinct=True,
    )
    found = (
        Membership.objects.filter(
            programme=programme, role=Role.MENTOR, user__profile__intake_completed_at__isnull=False
        )
        .annotate(running=running)
        .annotate(
            room=Coalesce("capacity", Value(programme.mentor_capacity_default)) - F("running")
        )
        .filter(room__gt=0)
        .select_related("user", "user__profile")
        .prefetch_related("user__profile__skills_offered")
        .order_by("user__full_name", "pk")
    )
    if q.strip():
        found = found.filter(
            Q(user__full_name__icontains=q) | Q(user__profile__skills_offered__name__icontains=q)
        ).distinct()
    return found


def directory_entry(membership: Membership) -> DirectoryEntry:
    profile = membership.user.profile
    values = [str(v["name"]) for v in values_summary(profile)[:3]]
    return DirectoryEntry(
        mentor=membership.user,
        values=values,
        offers=[t.name for t in profile.skills_offered.all()],
        calling=profile.calling[:280],
        room=int(getattr(membership, "room", 0)),
    )
