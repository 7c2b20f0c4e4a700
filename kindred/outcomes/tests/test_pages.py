"""The outcomes page and CSV as a manager reads them: the estimate in plain
words with its range, the comparison's balance, what waits for time, and
nothing at all where a side has fewer than ten people."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kindred.audit.models import AuditEvent
from kindred.conftest import World, client_for, make_meeting, page_words
from kindred.outcomes.tests.organisation import build
from kindred.programs.models import Programme
from kindred.relationships.models import CloseOut, Objective, Relationship, SkillRating


@pytest.fixture
def programme(world: World) -> Programme:
    world.programme.start_date = dt.date.today() - dt.timedelta(days=400)
    world.programme.save()
    return world.programme


def csv_of(client: object, programme: Programme) -> list[dict[str, str]]:
    response = client.get(f"/programmes/{programme.slug}/outcomes.csv")  # type: ignore[attr-defined]
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_report_says_what_the_estimate_is_and_what_it_cannot_prove(
    world: World, programme: Programme
) -> None:
    build(programme)
    manager = client_for(world.manager)
    with CaptureQueriesContext(connection) as queries:
        page = page_words(manager.get(f"/programmes/{programme.slug}/outcomes/").content)
    assert len(queries) <= 20
    assert "Still with the organisation 12 months on" in page
    assert "40 participants" in page and "points (" in page
    assert "The range leaves out zero." in page  # 95 % against 60 %
    assert "balanced after weighting" in page and "Years with the organisation" in page
    assert "what it cannot prove" in page.lower()
    rows = csv_of(manager, programme)
    retained = next(r for r in rows if r["side"] == "mentee" and r["outcome"] == "retained_12")
    assert float(retained["effect_low"]) > 0 and retained["participants"] == "40"
    assert AuditEvent.objects.filter(target="outcomes.csv").count() == 1


def test_a_side_under_ten_shows_nothing_not_even_its_counts(
    world: World, programme: Programme
) -> None:
    build(programme, mentees=9, mentors=3)
    admin = client_for(world.admin)  # an organisation admin who manages nothing here
    page = page_words(admin.get(f"/programmes/{programme.slug}/outcomes/").content)
    assert page.count("Fewer than 10 people on one side") == 2
    assert "9 participants" not in page and "points" not in page
    assert all(row["participants"] == "" for row in csv_of(admin, programme))


def test_outcomes_still_to_come_say_when(world: World, programme: Programme) -> None:
    programme.start_date = dt.date.today() - dt.timedelta(days=200)
    programme.save()
    build(programme)
    page = page_words(
        client_for(world.manager).get(f"/programmes/{programme.slug}/outcomes/").content
    )
    assert "Still with the organisation 12 months on: known from" in page
    assert "Still with the organisation 6 months on" in page


def test_the_report_reads_in_the_managers_language(world: World, programme: Programme) -> None:
    build(programme)
    world.manager.language = "de"
    world.manager.save()
    page = page_words(
        client_for(world.manager).get(f"/programmes/{programme.slug}/outcomes/").content
    )
    assert "Outcomes of" not in page and "Still with the organisation" not in page


def test_across_programmes_pools_what_can_be_shown_for_whom_may_see_it(
    world: World, programme: Programme
) -> None:
    build(programme)
    admin = page_words(client_for(world.admin).get("/outcomes/").content)
    assert "All programmes together" in admin and "Alpha Programme" in admin
    assert "Beta Programme" in admin  # an admin sees every programme, appointed or not
    assert (
        "Mentees Still with the organisation 12 months on 1 40 " in admin
    )  # pooled: 1 programme, 40 people
    other = page_words(client_for(world.other_manager).get("/outcomes/").content)
    assert "Beta Programme" in other and "Alpha Programme" not in other
    assert "No programme can show an outcome yet" in other


def test_skill_change_shows_from_five_people_who_rated_twice(
    world: World, programme: Programme
) -> None:
    """Counted in people: one mentee rating several objectives is one."""
    build(programme)
    pairs = list(Relationship.objects.filter(programme=programme).select_related("mentee")[:5])
    for n, pair in enumerate(pairs):
        objective = Objective.objects.create(
            relationship=pair, title="Lead", progress=100 * (n % 2)
        )
        for moment, rating in (("start", 2), ("end", 5)):
            SkillRating.objects.create(
                objective=objective, rater=pair.mentee, moment=moment, rating=rating
            )
    extra = Objective.objects.create(relationship=pairs[0], title="Present")
    for moment, rating in (("start", 1), ("end", 7)):  # the same mentee again
        SkillRating.objects.create(
            objective=extra, rater=pairs[0].mentee, moment=moment, rating=rating
        )
    url = f"/programmes/{programme.slug}/outcomes/"
    page = page_words(client_for(world.manager).get(url).content)
    assert "In the mentees' own view 3.5 points on the scale, from 5 people" in page  # (3*5+6)/6
    assert "In their mentors' view Not enough answers to show" in page
    assert "Objectives reached 2 of 6" in page
    SkillRating.objects.filter(rater=pairs[4].mentee).delete()  # four people now
    page = page_words(client_for(world.manager).get(url).content)
    assert "In the mentees' own view Not enough answers to show" in page


def test_close_outs_show_as_shares_from_five_people(world: World, programme: Programme) -> None:
    build(programme)
    pairs = list(Relationship.objects.filter(programme=programme).select_related("mentee"))
    for n, pair in enumerate(pairs[:5]):
        CloseOut.objects.create(
            relationship=pair,
            person=pair.mentee,
            recommend=n < 4,
            mentor_next="yes" if n < 2 else "no",
            what_changed=f"Secret words {n}",
        )
    url = f"/programmes/{programme.slug}/outcomes/"
    page = page_words(client_for(world.manager).get(url).content)
    assert "Would recommend the programme 80 %" in page and "Would mentor next time 40 %" in page
    assert "Secret words" not in page and "Why relationships ended early" not in page
    CloseOut.objects.filter(person=pairs[0].mentee).delete()
    page = page_words(client_for(world.manager).get(url).content)
    assert "Would recommend" not in page and "Looking back Not enough answers to show" in page


def rate(pair: Relationship, start: int, end: int) -> None:
    objective = Objective.objects.create(relationship=pair, title="Lead")
    for moment, rating in (("start", start), ("end", end)):
        SkillRating.objects.create(
            objective=objective, rater=pair.mentee, moment=moment, rating=rating
        )


def test_engagement_and_skill_change_from_five_mentees_a_half(
    world: World, programme: Programme
) -> None:
    build(programme)
    pairs = list(Relationship.objects.filter(programme=programme).select_related("mentee")[:12])
    held = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    for n, pair in enumerate(pairs):
        many = n < 6
        rate(pair, 2, 6 if many else 3)
        for k in range(5 if many else 1):
            make_meeting(pair, held + dt.timedelta(days=k), status="held")
    url = f"/programmes/{programme.slug}/outcomes/"
    page = page_words(client_for(world.manager).get(url).content)
    assert "Pairs who held more meetings: 4.0 against 1.0 for the others" in page
    assert "from 6 and 6 mentees" in page
    SkillRating.objects.filter(objective__relationship__in=pairs[:2]).delete()
    page = page_words(client_for(world.manager).get(url).content)
    assert "Pairs who held more meetings" not in page  # four mentees in the upper half now


def test_the_report_downloads_as_a_pdf_with_its_figures(world: World, programme: Programme) -> None:
    import io

    from pypdf import PdfReader

    build(programme)
    response = client_for(world.manager).get(f"/programmes/{programme.slug}/outcomes.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Outcomes of Alpha Programme" in text and "40 participants" in text
    assert "What this means, and what it cannot prove" in text
    assert "Download CSV" not in text  # the page's buttons are not in the file


def test_someone_who_mentors_and_is_mentored_counts_in_each_view_apart(
    world: World, programme: Programme
) -> None:
    """Roles overlap: a mentee's own ratings count in the mentees' view even
    when they also mentor someone else in the programme."""
    from kindred.outcomes.report import skill_changes

    build(programme)
    pairs = list(Relationship.objects.filter(programme=programme).select_related("mentee")[:6])
    for pair in pairs[:5]:
        rate(pair, 2, 5)
    both_ways = pairs[0].mentee
    mentored_by_them = Relationship.objects.create(
        programme=programme, mentor=both_ways, mentee=pairs[5].mentee, status="completed"
    )
    objective = Objective.objects.create(relationship=mentored_by_them, title="Plan")
    for moment, rating in (("start", 4), ("end", 4)):
        SkillRating.objects.create(
            objective=objective, rater=both_ways, moment=moment, rating=rating
        )
    mentees, mentors = skill_changes(programme)
    assert (mentees.people, mentees.change) == (5, 3.0)  # their mentor's view is not mixed in
    assert mentors.change is None  # one mentor: not enough to show
