"""Health on a constructed history: the evidence gathered, the snapshots,
the at-risk digest, surveys and their privacy, the dashboard, the CSV."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kindred.commitments.models import Commitment
from kindred.conftest import (
    World,
    client_for,
    enrol,
    make_meeting,
    make_user,
    page_words,
    visible,
)
from kindred.health.inputs import gather
from kindred.health.models import HealthSnapshot, SurveyResponse
from kindred.health.selectors import survey_rounds
from kindred.health.services import compute_health, survey_submit
from kindred.lib.errors import Conflict, Forbidden, InvalidInput
from kindred.meetings.models import Meeting
from kindred.messaging.models import Message
from kindred.notifications.models import Notification
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

UTC = dt.UTC
NOW = dt.datetime.now(UTC).replace(microsecond=0)
START = NOW - dt.timedelta(days=70)  # five fortnights


def start_pair(world: World, mentee=None) -> Relationship:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme,
            mentor=world.partner,
            mentee=mentee or world.owner,
            source="matching",
        )
    Relationship.objects.filter(pk=pair.pk).update(started_at=START)
    pair.refresh_from_db()
    return pair


def meet(pair: Relationship, day: float, status: str = "held", **extra: Any) -> Meeting:
    start = START + dt.timedelta(days=day)
    return make_meeting(pair, start, status=status, **extra)


@pytest.fixture
def pair(world: World) -> Relationship:
    pair = start_pair(world)
    for day in (3, 17, 45):  # fortnights 0, 1 and 3 of 5
        meet(pair, day)
    meet(pair, 60, "missed", absent=world.owner)  # the mentee did not come
    for n, (sender, hours) in enumerate(
        [(world.owner, 0), (world.partner, 30), (world.owner, 100)]
    ):
        Message.objects.create(
            relationship=pair, sender=sender, body=f"m{n}",
            sent_at=START + dt.timedelta(days=1, hours=hours),
        )  # fmt: skip
    for done_late, prompted in ((False, False), (True, True)):
        Commitment.objects.create(
            relationship=pair, text="x", owner=world.owner, created_by=world.partner,
            due_date=(START + dt.timedelta(days=10)).date(), status="done",
            completed_at=START + dt.timedelta(days=12 if done_late else 8), prompted=prompted,
            created_at=START + dt.timedelta(days=4),
        )  # fmt: skip
    return pair


def test_the_evidence_gathered_matches_the_history(world: World, pair: Relationship) -> None:
    found = gather(Relationship.objects.filter(pk=pair.pk), now=NOW)[pair.pk]
    inputs = found.inputs
    assert inputs.cadence_kept == pytest.approx(3 / 5)
    assert (inputs.unprompted_share, inputs.on_time_share) == (0.5, 0.5)
    # Both came to three held meetings; the mentee missed the fourth.
    assert inputs.attended_share == pytest.approx(7 / 8)
    # Two messages called for a reply: one answered in 30 h (in time), one
    # in 70 h (late: the programme default is 48 h); the last is long unanswered.
    assert inputs.responsiveness == pytest.approx(1 / 3)
    assert inputs.surveys == {} and inputs.comfort_mean is None
    assert found.facts.days_since_last_meeting == pytest.approx(25.0)
    assert found.facts.meeting_booked is False


def test_snapshots_and_the_digest_of_newly_at_risk_pairs(world: World, pair: Relationship) -> None:
    counts = compute_health(world.programme, now=NOW)
    assert counts == {"relationships": 1, "at_risk": 1, "newly_at_risk": 1, "circles": 0}
    snapshot = HealthSnapshot.objects.get()
    assert snapshot.risk_words == ["No meeting held or booked for 25 days"]
    assert snapshot.score is not None and snapshot.pair_score is not None
    digest = Notification.objects.get(kind="at_risk_digest")
    assert digest.recipient == world.manager and "Pat Partner and Olu Owner" in digest.body
    compute_health(world.programme, now=NOW)  # the same day again: no second digest
    assert Notification.objects.filter(kind="at_risk_digest").count() == 1
    assert HealthSnapshot.objects.count() == 1
    meet(pair, 72, "confirmed")  # something is booked now
    compute_health(world.programme, now=NOW + dt.timedelta(days=1))
    latest = HealthSnapshot.objects.order_by("-on").first()
    assert latest is not None and not latest.at_risk


def test_surveys_are_private_to_the_respondent(world: World, pair: Relationship) -> None:
    assert survey_rounds(pair, today=NOW.date()) == [30]
    partner_page = client_for(world.partner).get(f"/relationships/{pair.pk}/").content
    survey_submit(
        actor=world.owner, relationship=pair, round_day=30, answers={"t1": 2, "t2": 3, "c1": 6}
    )
    assert SurveyResponse.objects.get().scales == {"commitment": 6.0, "trust": 2.5}
    after = client_for(world.partner).get(f"/relationships/{pair.pk}/").content
    assert visible(after) == visible(partner_page)  # not even whether it was answered
    for outsider in (world.manager, world.participant):
        assert client_for(outsider).get(f"/relationships/{pair.pk}/survey/").status_code == 404
    with pytest.raises(Conflict):
        survey_submit(actor=world.owner, relationship=pair, round_day=30, answers={"t1": 5})
    with pytest.raises(InvalidInput):
        survey_submit(actor=world.partner, relationship=pair, round_day=30, answers={"t1": 9})
    with pytest.raises(Forbidden):
        survey_submit(actor=world.manager, relationship=pair, round_day=30, answers={"t1": 5})
    with pytest.raises(Conflict):  # not due yet
        survey_submit(actor=world.partner, relationship=pair, round_day=90, answers={"t1": 5})


def test_the_survey_page(world: World, pair: Relationship) -> None:
    client = client_for(world.owner)
    page = client.get(f"/relationships/{pair.pk}/survey/").content.decode()
    assert "My mentor does what they say they will do." in page
    mentor_page = client_for(world.partner).get(f"/relationships/{pair.pk}/survey/").content
    assert b"I listen carefully and explain things clearly." in mentor_page
    assert (
        client.post(f"/relationships/{pair.pk}/survey/", {"t1": "6", "q1": "7"}).status_code == 302
    )
    assert "No survey is open" in client.get(f"/relationships/{pair.pk}/survey/").content.decode()


def test_the_dashboard_at_risk_list_and_csv(world: World, pair: Relationship) -> None:
    Message.objects.filter(relationship=pair).update(body="A very private message body")
    compute_health(world.programme, now=NOW)
    manager = client_for(world.manager)
    page = manager.get(f"/programmes/{world.programme.slug}/dashboard/").content.decode()
    for title in ("Enrolment and intake completion", "Meetings held per week", "Health scores now",
                  "The four ingredients over time", "Follow-through on commitments"):  # fmt: skip
        assert title in page
    assert "<svg" in page and 'role="img"' in page
    risky = manager.get(f"/programmes/{world.programme.slug}/at-risk/").content.decode()
    assert "No meeting held or booked for 25 days" in risky
    response = manager.get(f"/programmes/{world.programme.slug}/relationships.csv")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert response["Content-Type"].startswith("text/csv")
    header, row = text.splitlines()[:2]
    assert header.startswith("relationship,mentor,mentee") and row.startswith(f"{pair.pk},")
    assert "private message" not in text and "trust" not in header
    for outsider in (world.other_manager, world.owner, world.partner, world.participant):
        for url in ("dashboard/", "at-risk/", "relationships.csv"):
            assert (
                client_for(outsider).get(f"/programmes/{world.programme.slug}/{url}").status_code
                == 404
            )


def test_why_a_pair_is_at_risk_reads_in_each_readers_language(
    world: World, pair: Relationship
) -> None:
    """The daily run keeps reasons and contributors as phrases: the German
    manager reads them in German on the list, in the digest and in the CSV,
    the pair in theirs; reasons stored as English before still read."""
    world.manager.language = "de"
    world.manager.save()
    compute_health(world.programme, now=NOW)
    manager = client_for(world.manager)
    german = "Seit 25 Tagen kein Treffen gehalten oder gebucht"
    risky = page_words(manager.get(f"/programmes/{world.programme.slug}/at-risk/").content)
    assert german in risky and "No meeting held" not in risky
    assert german in Notification.objects.get(kind="at_risk_digest").body
    response = manager.get(f"/programmes/{world.programme.slug}/relationships.csv")
    assert german in b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    world.owner.language = "ja"
    world.owner.save()
    section = f"/relationships/{pair.pk}/sections/health/"
    panel = page_words(client_for(world.owner).get(section).content)
    assert "合意したペースの維持" in panel and "keeping the agreed cadence" not in panel
    HealthSnapshot.objects.update(risks=["Two no-shows in a row"], contributors=["strong: x"])
    risky = page_words(manager.get(f"/programmes/{world.programme.slug}/at-risk/").content)
    assert "Two no-shows in a row" in risky  # as it was written


def test_the_dashboard_reads_in_a_bounded_number_of_queries(world: World) -> None:
    def grow(n: int, offset: int) -> None:
        for i in range(n):
            mentee = make_user(f"m{offset + i}@test.example", f"Mentee {offset + i}")
            enrol(mentee, world.programme, "mentee")
            pair = Relationship.objects.create(
                programme=world.programme, mentor=world.partner, mentee=mentee, started_at=START
            )
            meet(pair, 3)

    grow(2, 0)
    compute_health(world.programme, now=NOW)
    url = f"/programmes/{world.programme.slug}/dashboard/"
    client = client_for(world.manager)
    client.get(url)  # from here on the manager's account is kept
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(12, 100)
    compute_health(world.programme, now=NOW)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 30
    with CaptureQueriesContext(connection) as risky:
        client.get(f"/programmes/{world.programme.slug}/at-risk/")
    assert len(risky) <= 12


def test_survey_invitations_and_one_reminder_through_the_outbox(
    world: World, pair: Relationship
) -> None:
    from kindred.health.services import send_surveys

    opened = START + dt.timedelta(days=30)
    assert send_surveys(now=opened + dt.timedelta(hours=1)) == {"invited": 2, "reminded": 0}
    send_surveys(now=opened + dt.timedelta(hours=2))  # again: the outbox keys make it a no-op
    survey_submit(actor=world.owner, relationship=pair, round_day=30, answers={"q1": 6})
    assert send_surveys(now=opened + dt.timedelta(days=6)) == {"invited": 0, "reminded": 1}
    kinds = sorted(
        Notification.objects.filter(kind__startswith="survey").values_list("kind", "recipient")
    )
    assert kinds == sorted(
        [
            ("survey_invite", world.owner.pk),
            ("survey_invite", world.partner.pk),
            ("survey_remind", world.partner.pk),
        ]
    )


def test_the_unfiltered_dashboard_is_stored_and_a_filter_is_computed_live(
    world: World, pair: Relationship
) -> None:
    from kindred.health.dashboard import insight_charts
    from kindred.health.models import ProgrammeInsight
    from kindred.health.selectors import Filters

    compute_health(world.programme, now=NOW)
    stored = ProgrammeInsight.objects.get()
    # Stored as words to translate when read, not in the language of the run.
    assert [c["title"]["text"] for c in stored.charts][:2] == [
        "Enrolment and intake completion", "Match acceptance"
    ]  # fmt: skip
    ProgrammeInsight.objects.update(charts=[{**stored.charts[2], "title": "From the daily run"}])
    assert insight_charts(world.programme, Filters(), now=NOW)[0].title == "From the daily run"
    live = insight_charts(world.programme, Filters(department="Nowhere"), now=NOW)
    assert str(live[0].title) == "Enrolment and intake completion"


def test_what_an_action_changes_reads_fresh_on_the_stored_dashboard(world: World) -> None:
    """Publishing right after the daily run is counted at once."""
    from kindred.health.dashboard import insight_charts
    from kindred.health.selectors import Filters
    from kindred.matching.models import MatchRun, Proposal

    compute_health(world.programme, now=NOW)
    run = MatchRun.objects.create(programme=world.programme, status=MatchRun.Status.DONE)
    Proposal.objects.create(
        run=run, mentor=world.partner, mentee=world.owner, status=Proposal.Status.PUBLISHED,
        score=0.8,
    )  # fmt: skip
    acceptance = {c.key: c for c in insight_charts(world.programme, Filters(), now=NOW)}
    assert str(acceptance["acceptance"].description).startswith("Of 1 published proposal,")


def test_the_pair_sees_its_own_trend_without_private_parts(
    world: World, pair: Relationship
) -> None:
    survey_submit(actor=world.owner, relationship=pair, round_day=30, answers={"t1": 1, "t2": 1})
    compute_health(world.programme, now=NOW)
    for person in (world.owner, world.partner):
        page = client_for(person).get(f"/relationships/{pair.pk}/sections/health/").content.decode()
        assert "Relationship health" in page and "Your relationship&#x27;s health" in page
        assert "(surveys)" not in page and "comfort in meetings" not in page
    manager = (
        client_for(world.manager).get(f"/relationships/{pair.pk}/sections/health/").content.decode()
    )
    assert "At risk" in manager and "No meeting held or booked for 25 days" in manager
    other = client_for(world.participant).get(f"/relationships/{pair.pk}/")
    assert other.status_code == 404


def test_the_fairness_audit_of_the_latest_run_is_charted(world: World) -> None:
    from kindred.matching.models import MatchRun

    MatchRun.objects.create(
        programme=world.programme,
        status="done",
        audit=[
            {
                "attribute": "gender",
                "label": "Gender",
                "homophily_ratio": 1.08,
                "suppressed_groups": 1,
                "groups": [
                    {"group": "woman", "label": "Woman", "mentees": 40, "match_rate": 0.95,
                     "mean_score": 0.71},
                    {"group": "man", "label": "Man", "mentees": 35, "match_rate": 0.9,
                     "mean_score": 0.69},
                ],
            }
        ],
    )  # fmt: skip
    page = client_for(world.manager).get(f"/programmes/{world.programme.slug}/dashboard/")
    html = page.content.decode()
    assert "Fairness of matching: Gender" in html and "Homophily ratio 1.08" in html
    assert "(1 hidden)" in html and "<td>95</td>" in html and "<td>71</td>" in html


def test_the_programme_sets_the_survey_schedule(world: World, pair: Relationship) -> None:
    from kindred.programs.models import Programme

    Programme.objects.filter(pk=world.programme.pk).update(
        survey_first_day=14, survey_every_days=21
    )
    pair.refresh_from_db()
    assert survey_rounds(pair, today=NOW.date()) == [14, 35, 56]
    world.programme.refresh_from_db()
    last_day = (world.programme.end_date - START.date()).days
    assert survey_rounds(pair, today=world.programme.end_date)[-1] == last_day
