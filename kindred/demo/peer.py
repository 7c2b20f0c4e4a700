"""A peer mentoring programme in the demo: twelve colleagues new to
leading, paired from one pool by the peer engine; some pairs under way,
the rest still answering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from kindred.accounts.models import User
from kindred.matching import services as matching
from kindred.matching.models import Proposal
from kindred.programs.models import Programme, ProgrammeStatus
from kindred.relationships.models import Relationship

SLUG = "peer-circle-new-leads"
PEOPLE = 12


def build_peer(manager: User, enrol: Callable[[Programme, User, str], None]) -> int:
    """The programme and its pairs (safe to rerun); returns how many peer pairs."""
    programme = _programme(manager)
    if not programme.match_runs.exists():
        taken = set(Relationship.objects.values_list("mentee_id", flat=True))
        people = (
            User.objects.filter(
                email__endswith=manager.email.split("@")[1],
                level=3,
                profile__intake_completed_at__isnull=False,
            )
            .exclude(pk__in=taken)
            .order_by("-pk")[:PEOPLE]
        )
        for person in people:
            enrol(programme, person, "mentee")
        run = matching.run_start(actor=manager, programme=programme)
        run = matching.run_execute(run.pk)
        matching.run_publish(actor=manager, run=run, accept_gap=True)
        for proposal in Proposal.objects.filter(run=run).order_by("-score")[: PEOPLE // 4]:
            for person in (proposal.mentee, proposal.mentor):
                matching.proposal_decide(actor=person, proposal_id=proposal.pk, accept=True)
    return Relationship.objects.filter(programme=programme, peer=True).count()


def _programme(manager: User) -> Programme:
    today = timezone.localdate()
    programme, _ = Programme.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Peer Mentoring: New Leads",
            "format": Programme.Format.PEER,
            "description": (
                "Colleagues in their first year of leading a team pair up with a peer in "
                "another office: no mentor side, just two people learning the same job."
            ),
            "goals": "A peer to think aloud with.\nFewer first-year mistakes made alone.",
            "start_date": today - dt.timedelta(days=10),
            "end_date": today + dt.timedelta(days=170),
            "default_cadence": "fortnightly",
            "status": ProgrammeStatus.RUNNING,
        },
    )
    programme.managers.set([manager])
    return programme
