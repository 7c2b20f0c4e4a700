"""The run review at any size: a page of pairs at a time, found by name,
band and flag in a fixed number of queries; pins and removals in place;
a swap found by name and asked about when it breaks a rule; fairness read
out in words."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kindred.conftest import World, client_for, make_user
from kindred.matching.models import MatchRun, Proposal
from kindred.matching.review import fairness_findings
from kindred.matching.tests.conftest import add_mentor, finished_run
from kindred.programs.models import Membership
from kindred.relationships.models import Relationship


def many_pairs(world: World, n: int, tag: str = "") -> MatchRun:
    """A finished run of n hand-made pairs (the engine is not the subject here)."""
    run = MatchRun.objects.create(programme=world.programme, status=MatchRun.Status.DONE)
    for i in range(n):
        mentee = make_user(f"mentee{i}{tag}@test.example", f"Mentee {i:03d}")
        mentor = make_user(f"mentor{i}{tag}@test.example", f"Mentor {i:03d}")
        Proposal.objects.create(
            run=run, mentee=mentee, mentor=mentor, score=(i % 100) / 100, pinned=i % 10 == 0
        )
    return run


def test_the_review_pages_searches_and_filters(world: World) -> None:
    run = many_pairs(world, 120)
    client = client_for(world.manager)
    url = f"/matching/runs/{run.pk}/"
    first = client.get(url).content.decode()
    assert "120 of 120 pairs" in first and "Page 1 of 3" in first
    assert "Mentee 042" in client.get(url, {"q": "mentee 042"}).content.decode()
    strong = client.get(url, {"band": "strong"}).content.decode()
    assert "25 of 120 pairs" in strong  # scores .75 to .99, of each hundred, once in 120
    assert "12 of 120 pairs" in client.get(url, {"flag": "hand"}).content.decode()
    weakest = client.get(url, {"order": "weakest"}).content.decode()
    assert weakest.index("Mentee 000") < weakest.index("Mentee 001")
    assert client.get(url, {"page": "99", "band": "bogus", "order": "x"}).status_code == 200


def test_a_page_of_pairs_costs_the_same_queries_however_many(world: World) -> None:
    small, large = many_pairs(world, 5, "s"), many_pairs(world, 150, "l")
    client = client_for(world.manager)
    client.get(f"/matching/runs/{small.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/matching/runs/{small.pk}/")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/matching/runs/{large.pk}/")
    assert len(many) == len(few)


def test_htmx_gets_the_list_alone(world: World) -> None:
    run = many_pairs(world, 3)
    page = client_for(world.manager).get(
        f"/matching/runs/{run.pk}/",
        {"q": "Mentee 001"},
        headers={"HX-Request": "true", "HX-Target": "proposals"},
    )
    html = page.content.decode()
    assert html.lstrip().startswith('<div id="proposals"') and "<html" not in html
    assert 'data-announce="1 pair shown"' in html


def test_pinning_in_place_returns_the_row(world: World) -> None:
    run = many_pairs(world, 3)
    proposal = run.proposals.get(mentee__full_name="Mentee 001")
    response = client_for(world.manager).post(
        f"/matching/proposals/{proposal.pk}/pin/",
        {"back": "page=2"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="proposal-{proposal.pk}"')
    assert "Pinned Mentee 001 and Mentor 001" in html and "Unpin" in html
    without_script = client_for(world.manager).post(
        f"/matching/proposals/{proposal.pk}/pin/", {"back": "page=2&q=x"}
    )
    assert (
        without_script["Location"] == f"/matching/runs/{run.pk}/?page=2&q=x#proposal-{proposal.pk}"
    )


def test_removing_in_place_says_what_happened(world: World) -> None:
    run = many_pairs(world, 3)
    proposal = run.proposals.get(mentee__full_name="Mentee 002")
    response = client_for(world.manager).post(
        f"/matching/proposals/{proposal.pk}/remove/",
        {"confirm": "done"},
        headers={"HX-Request": "true"},
    )
    assert "will not be proposed to each other again" in response.content.decode()
    assert not Proposal.objects.filter(pk=proposal.pk).exists()


def test_swap_finds_the_other_pair_by_name(world: World) -> None:
    run = many_pairs(world, 30)
    proposal = run.proposals.get(mentee__full_name="Mentee 001")
    client = client_for(world.manager)
    page = client.get(f"/matching/proposals/{proposal.pk}/swap/", {"q": "Mentor 02"}).content
    found = page.decode()
    assert "Mentor 020, now proposed with Mentee 020" in found
    assert "Mentor 001," not in found and "<select" not in found
    assert found.count('type="radio"') == 10  # Mentor 020 to 029


def test_a_swap_that_breaks_a_rule_is_asked_about_first(matched_world: World) -> None:
    world = matched_world
    add_mentor(world, "m2@test.example", seed=7, capacity=1)
    Membership.objects.filter(user=world.partner).update(capacity=1)
    run = finished_run(world)
    first, second = list(run.proposals.all()[:2])
    assert first.mentor_id != second.mentor_id
    # Make the first mentee unable to meet the second mentor: no shared language.
    second.mentor.languages = ["ja"]
    second.mentor.save()
    first.mentee.languages = ["pt"]
    first.mentee.save()
    client = client_for(world.manager)
    url = f"/matching/proposals/{first.pk}/swap/"
    asked = client.post(url, {"other": second.pk, "confirm": "ask"}).content.decode()
    assert "Make a pair that breaks a matching rule?" in asked
    first.refresh_from_db()
    assert first.mentor_id != second.mentor_id
    client.post(url, {"other": second.pk, "confirm": "done"})
    first.refresh_from_db()
    assert first.breaks_rule and first.pinned
    flagged = client.get(f"/matching/runs/{run.pk}/", {"flag": "rules"}).content.decode()
    assert "1 of 2 pairs" in flagged and "breaks a rule" in flagged


def test_fairness_outside_its_band_is_said_in_words() -> None:
    audit = [
        {
            "attribute": "gender",
            "label": "Gender",
            "homophily_ratio": 1.6,
            "groups": [
                {"group": "a", "label": "Women", "match_rate": 0.95},
                {"group": "b", "label": "Men", "match_rate": 0.6},
            ],
        },
        {"attribute": "age", "label": "Age band", "homophily_ratio": 1.05, "groups": []},
    ]
    findings = fairness_findings(audit)
    assert len(findings) == 2
    assert findings[0].startswith("Gender: pairs share a group 1.6 times as often as chance")
    across = [{"attribute": "age", "label": "Age band", "homophily_ratio": 0.3, "groups": []}]
    assert fairness_findings(across) == []  # meeting across groups is never flagged
    assert "“Men” were matched at 60%, under four fifths" in findings[1]
    assert fairness_findings(audit[1:]) == []
    with translation.override("de"):  # each manager reads the audit in their own words
        german = fairness_findings(audit)
    assert german[0].startswith("Geschlecht: Paare teilen eine Gruppe 1,6-mal so oft")


def test_no_engineering_words_on_the_summary(matched_world: World) -> None:
    run = finished_run(matched_world)
    page = client_for(matched_world.manager).get(f"/matching/runs/{run.pk}/").content.decode()
    summary = page.split("How this was computed")[0]
    for jargon in ("Proven bound", "input", "TF-IDF", "objective"):
        assert jargon not in summary.split("<main")[1], jargon
    assert dt.date.today()  # the page is dated by the run, not asserted here


def test_the_mentor_directory_shows_mentors_with_room_by_what_they_offer(
    matched_world: World,
) -> None:
    from kindred.profiles.models import Demographics

    world = matched_world
    client = client_for(world.owner)
    page = client.get("/programmes/alpha/mentors/").content.decode()
    assert "Pat Partner" in page and "Values most:" in page
    assert "Ask Pat Partner to mentor you" in page  # the owner may ask: no mentor yet
    for hidden in Demographics._meta.get_fields():
        assert f"{hidden.name}:" not in page.lower() or hidden.name in ("id", "user")
    skill = world.partner.profile.skills_offered.first()
    assert skill is not None
    found = client.get("/programmes/alpha/mentors/", {"q": skill.name}).content.decode()
    assert "Pat Partner" in found
    assert (
        "No mentor with room"
        in client.get("/programmes/alpha/mentors/", {"q": "zzz"}).content.decode()
    )
    # A mentor browses too, but asks no one.
    assert (
        "to mentor you"
        not in client_for(world.partner).get("/programmes/alpha/mentors/").content.decode()
    )


def test_a_full_mentor_is_not_listed(matched_world: World, pair: Relationship) -> None:
    Membership.objects.filter(user=matched_world.partner).update(capacity=1)
    page = client_for(matched_world.participant).get("/programmes/alpha/mentors/").content.decode()
    assert "Pat Partner" not in page


def test_a_programme_without_requests_has_no_directory(matched_world: World) -> None:
    from kindred.matching.models import MatchingSettings

    MatchingSettings.objects.update_or_create(
        programme=matched_world.programme, defaults={"self_match": False}
    )
    page = client_for(matched_world.owner).get("/programmes/alpha/mentors/").content.decode()
    assert "mentors are not browsed here" in page and "Pat Partner" not in page
