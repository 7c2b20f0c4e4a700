from __future__ import annotations

import io
from collections import Counter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from kindred.accounts.models import User
from kindred.calendars.models import BusyInterval, CalendarConnection
from kindred.demo.builder import MAIN_SLUG, SECOND_SLUG, SIGN_INS
from kindred.identity.models import ScimGroup, ScimPerson
from kindred.profiles.models import Demographics, Profile
from kindred.programs.models import Membership, Programme


def snapshot() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Membership.objects.count(),
        Profile.objects.count(),
        Demographics.objects.count(),
    )


def test_demo_is_realistic_and_loading_it_twice_changes_nothing(db: None) -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first
    for email in SIGN_INS.values():
        assert email in out.getvalue()
        assert User.objects.get(email=email).check_password("kindred-demo-2026")
    main = Membership.objects.filter(programme__slug=MAIN_SLUG)
    assert main.count() >= 300
    assert Membership.objects.filter(programme__slug=SECOND_SLUG).count() >= 20
    zones = set(main.values_list("user__timezone", flat=True))
    continents = {zone.split("/")[0] for zone in zones}
    assert {"America", "Europe", "Africa", "Asia"} <= continents
    assert "Asia/Kolkata" in zones
    # Someone prefers each language Kindred is written in besides English.
    preferred = set(main.values_list("user__language", flat=True))
    assert {code for code, _ in settings.LANGUAGES if not code.startswith("en")} <= preferred
    # Its managers gave the programme's texts in Japanese; German readers see the English.
    programme = Programme.objects.get(slug=MAIN_SLUG)
    with translation.override("ja"):
        assert programme.reader_description.startswith("分散したチーム")
    with translation.override("de"):
        assert programme.reader_description == programme.description
    complete = Profile.objects.filter(
        intake_completed_at__isnull=False, user__memberships__programme__slug=MAIN_SLUG
    )
    assert complete.count() > 0.85 * main.count()
    people = main.count()
    assert Demographics.objects.count() < people  # some chose to answer nothing
    assert Demographics.objects.filter(gender="").exists()  # and some skipped questions
    roles = Counter(main.values_list("role", flat=True))
    assert roles["mentor"] > 50 and roles["mentee"] > 150
    both = set(
        Membership.objects.filter(programme__slug=SECOND_SLUG, role="mentor").values_list(
            "user", flat=True
        )
    )
    assert both & set(main.filter(role="mentee").values_list("user", flat=True))
    # The demo mentor's Outlook calendar: Mondays, Tuesdays and Thursdays
    # busy, Wednesday's free focus time not.
    busy = BusyInterval.objects.filter(owner__email=SIGN_INS["Mentor"])
    assert busy.count() >= 3 * 16 and CalendarConnection.objects.count() == 1
    assert {b.start.astimezone(ZoneInfo(b.owner.timezone)).weekday() for b in busy} == {0, 1, 3}
    # The directory pushed everyone; the admin mapped two of its groups.
    assert ScimPerson.objects.count() == User.objects.filter(is_active=True).count()
    assert {g.display_name: bool(g.grants) for g in ScimGroup.objects.all()} == {
        "Kindred admins": True, f"Mentors: {main[0].programme.name}": True,
        "Engineering": False,
    }  # fmt: skip


def test_the_demo_pair_has_a_history_to_show(db: None) -> None:
    from kindred.commitments.models import Commitment
    from kindred.meetings.models import Meeting
    from kindred.messaging.models import Message
    from kindred.relationships.models import Relationship
    from kindred.relationships.selectors import agreement_in_force

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    pair = Relationship.objects.get(mentee__email=SIGN_INS["Mentee"])  # built once, not twice
    assert pair.mentor.email == SIGN_INS["Mentor"]
    assert agreement_in_force(pair) is not None
    held = Meeting.objects.filter(relationship=pair, status="held")
    assert held.count() == 4 and {m.start.weekday() for m in held} == {1}
    assert Message.objects.filter(relationship=pair).count() >= 6
    done = Commitment.objects.filter(relationship=pair, status="done")
    assert done.filter(prompted=False).exists() and done.filter(prompted=True).exists()


def test_the_demo_is_a_programme_in_flight(db: None) -> None:
    """At least 150 running pairs with three months behind them, a published
    run, some pairs at risk, a concern, projects; a second programme waits
    for matching."""
    from kindred.health.models import HealthSnapshot
    from kindred.matching.models import MatchRun
    from kindred.meetings.models import Meeting
    from kindred.programs.models import Programme
    from kindred.projects.models import Project
    from kindred.relationships.models import Relationship
    from kindred.safety.models import ComfortCheckIn, ConcernReport

    call_command("load_demo", stdout=io.StringIO())
    running = Relationship.objects.filter(programme__slug=MAIN_SLUG, status="active")
    assert running.count() >= 150
    assert Meeting.objects.filter(relationship__in=running, status="held").count() > 600
    assert Meeting.objects.filter(relationship__in=running, status="missed").exists()
    run = MatchRun.objects.get(programme__slug=MAIN_SLUG)
    assert run.published_at is not None and run.certified
    latest = HealthSnapshot.objects.order_by("-on").values_list("on", flat=True).first()
    assert latest is not None
    assert HealthSnapshot.objects.filter(on=latest, at_risk=True).count() >= 5
    assert ConcernReport.objects.count() == 1 and Project.objects.count() >= 10
    assert ComfortCheckIn.objects.exists()
    second = Programme.objects.get(slug=SECOND_SLUG)
    assert second.status == "matching" and not second.match_runs.exists()


def test_the_demo_has_mentor_development_to_show(db: None) -> None:
    from kindred.development.models import ModuleProgress, SelfAssessment
    from kindred.development.selectors import module_completion, self_assessment_change
    from kindred.programs.models import Programme

    call_command("load_demo", stdout=io.StringIO())
    counts = (ModuleProgress.objects.count(), SelfAssessment.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (ModuleProgress.objects.count(), SelfAssessment.objects.count()) == counts
    kenji = User.objects.get(email=SIGN_INS["Mentor"])
    assert set(
        ModuleProgress.objects.filter(person=kenji, completed_at__isnull=False).values_list(
            "module", flat=True
        )
    ) == {"trust", "engagement"}
    main = Programme.objects.get(slug=MAIN_SLUG)
    assert not module_completion(main).empty
    assert not self_assessment_change(main).empty


def test_the_demo_runs_reverse_mentoring_with_the_demo_mentor_as_a_mentee(db: None) -> None:
    """Junior colleagues mentor senior ones; Kenji mentors in the main
    programme and is mentored here (one person, two roles)."""
    from kindred.demo.reverse import PAIRS, SLUG
    from kindred.relationships.models import Relationship

    call_command("load_demo", stdout=io.StringIO())
    pairs = Relationship.objects.filter(programme__slug=SLUG).select_related("mentor", "mentee")
    first = pairs.first()
    assert pairs.count() == PAIRS and first is not None and first.programme.is_reverse
    assert all((p.mentor.level or 0) < (p.mentee.level or 0) for p in pairs)
    kenji = User.objects.get(email=SIGN_INS["Mentor"])
    assert pairs.filter(mentee=kenji).exists()
    assert Relationship.objects.filter(mentor=kenji, programme__slug=MAIN_SLUG).exists()


def test_the_outcomes_page_has_an_honest_result_on_first_open(db: None) -> None:
    from django.utils import timezone

    from kindred.accounts.models import HrChange
    from kindred.demo.builder import build_demo
    from kindred.demo.outcomes import PAST_SLUG
    from kindred.engines.outcomes.comparison import Comparison
    from kindred.outcomes import timelines
    from kindred.outcomes.engagement import engagement_links
    from kindred.outcomes.report import programme_outcomes

    build_demo()
    changes = HrChange.objects.count()
    build_demo()  # a second load adds no history
    assert HrChange.objects.count() == changes
    report = programme_outcomes(
        Programme.objects.get(slug=PAST_SLUG), timelines.load(), today=timezone.localdate()
    )
    mentees = report.sides[0].result
    assert isinstance(mentees, Comparison) and mentees.balanced
    assert set(mentees.effects) == {"retained_6", "retained_12", "promoted_12"}
    # The demo planted a programme that helped juniors and newcomers stay.
    assert mentees.effects["retained_12"].effect.estimate > 0
    # Its pairs rated their objectives, closed out, and met more or less.
    assert all(skill.change is not None for skill in report.skills)
    assert report.close_outs is not None and report.close_outs.recommend is not None
    assert report.objectives_reached[1] > 0
    past = Programme.objects.get(slug=PAST_SLUG)
    assert "meetings" in [link.measure for link in engagement_links(past)]
    # This year's programme is young: its outcomes wait for their time.
    current = programme_outcomes(
        Programme.objects.get(slug=MAIN_SLUG), timelines.load(), today=timezone.localdate()
    )
    assert current.sides[0].waiting == ["retained_6", "retained_12", "promoted_12"]
