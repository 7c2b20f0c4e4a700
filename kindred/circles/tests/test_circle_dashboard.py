"""The dashboard of a circles programme shows its circles (placement, group
meetings and who came, sizes, the circle's ledger and projects), not the
empty charts of pairs it does not have, in a fixed number of queries; a
peer programme speaks of peers."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kindred.circles import services
from kindred.circles.models import Attendance, CircleMeeting
from kindred.circles.projects import circle_team
from kindred.circles.tests.conftest import CircleWorld
from kindred.conftest import World, client_for, enrol, make_user
from kindred.health.dashboard import dashboard
from kindred.health.selectors import Filters
from kindred.lib.charts import Chart
from kindred.programs.models import Programme
from kindred.projects.services import project_create

UTC = dt.UTC


def _held(cw: CircleWorld, days_ago: int, absent: int = 0) -> None:
    start = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(days=days_ago)
    meeting = CircleMeeting.objects.create(
        circle=cw.circle, start=start, end=start + dt.timedelta(hours=1), zone="UTC",
        status=CircleMeeting.Status.HELD,
    )  # fmt: skip
    people = [cw.facilitator, *cw.members]
    for n, person in enumerate(people):
        Attendance.objects.create(meeting=meeting, person=person, attended=n >= absent)


def _charts(programme: Programme, filters: Filters | None = None) -> dict[str, Chart]:
    found = dashboard(programme, filters or Filters(), now=dt.datetime.now(UTC))
    return {chart.key: chart for chart in found}


def _total(chart: Chart, series: str) -> float:
    return sum(v or 0 for v in chart.series[series])


def test_a_circles_programme_shows_its_circles_not_empty_pair_charts(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    _held(cw, 2, absent=1)  # four of five came
    services.commitment_add(
        actor=cw.members[0], circle=cw.circle, text="Write my page",
        due_date=dt.date.today() + dt.timedelta(days=3),
    )  # fmt: skip
    project_create(
        actor=cw.members[1], team=circle_team(cw.circle), title="Playbook",
        purpose="A playbook for remote leads",
    )  # fmt: skip
    charts = _charts(cw.circle.programme)
    assert not {"acceptance", "cadence", "health", "trend", "ingredients", "showcase"} & set(charts)
    assert charts["enrolment"].labels == ["Facilitator", "Member"]
    assert charts["enrolment"].series["Enrolled"] == [1.0, 5.0]
    placement = charts["placement"].series
    assert placement == {"In a circle": [1.0, 4.0], "Waiting": [0.0, 1.0]}  # the participant
    meetings = charts["circle-meetings"]
    assert _total(meetings, "Held") == 1.0
    assert 80 in charts["circle-attendance"].series["Came (share of those invited)"]
    assert charts["circle-sizes"].series["Circles"][4] == 1.0  # one circle of five
    assert charts["circle-follow"].series["Commitments"] == [1.0, 0.0, 0.0]
    assert charts["circle-projects"].series["Circles"] == [1.0, 1.0, 0.0]


def test_the_department_filter_narrows_the_circles(circle_world: CircleWorld) -> None:
    cw = circle_world
    _held(cw, 2)
    cw.members[2].department = "Finance"
    cw.members[2].save(update_fields=["department"])
    assert _charts(cw.circle.programme, Filters(department="Finance"))[
        "circle-sizes"
    ].series["Circles"][4] == 1.0  # fmt: skip
    narrowed = _charts(cw.circle.programme, Filters(department="Legal"))
    assert _total(narrowed["circle-sizes"], "Circles") == 0
    assert _total(narrowed["circle-meetings"], "Held") == 0


def test_the_circles_dashboard_reads_in_a_fixed_number_of_queries(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    url = f"/programmes/{cw.circle.programme.slug}/dashboard/"
    client = client_for(cw.world.manager)
    _held(cw, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(3):  # three more circles, each with a meeting held
        lead = make_user(f"lead{n}@test.example", f"Lead {n}")
        enrol(lead, cw.circle.programme, "mentor")
        people = []
        for m in range(3):
            person = make_user(f"p{n}{m}@test.example", f"Person {n}{m}")
            enrol(person, cw.circle.programme, "mentee")
            people.append(person.pk)
        (circle,) = services.circles_form(
            actor=cw.world.manager, programme=cw.circle.programme, groups=[(lead.pk, people)]
        )
        _held(CircleWorld(cw.world, circle, lead, []), 4)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) == len(few) <= 40
    assert "Placed in circles" in page.content.decode()


def test_a_peer_programme_counts_peers(world: World) -> None:
    world.programme.format = Programme.Format.PEER
    world.programme.save(update_fields=["format"])
    enrolment = _charts(world.programme)["enrolment"]
    assert enrolment.labels == ["Peers"]
    assert enrolment.series["Enrolled"] == [3.0]
    assert "3 peers enrolled" in str(enrolment.description)


def test_the_daily_run_scores_each_circle_for_the_managers_list(
    circle_world: CircleWorld, django_assert_max_num_queries: object
) -> None:
    from kindred.circles.models import CircleHealthSnapshot
    from kindred.health.services import compute_health

    cw = circle_world
    programme = cw.circle.programme
    url = f"/circles/programme/{programme.slug}/"
    manager = client_for(cw.world.manager)
    assert "Health has not been scored yet" in manager.get(url).content.decode()
    _held(cw, 40, absent=4)  # long ago, and only the facilitator came
    counts = compute_health(programme, now=dt.datetime.now(UTC))
    assert counts["circles"] == 1
    (snapshot,) = CircleHealthSnapshot.objects.all()
    assert "The agreement is not yet signed by everyone." in snapshot.reason_words
    with translation.override("de"):  # stored as phrases, read in each manager's language
        assert snapshot.reason_words[0] != "The agreement is not yet signed by everyone."
    page = manager.get(url).content.decode()
    assert "1 circle worth a look" in page
    assert "Only 1 of 5 came to the last meeting." in page
    dashboard = manager.get(f"/programmes/{programme.slug}/dashboard/").content.decode()
    assert "1 circle</a>" in dashboard
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        manager.get(url)
    # Run again the same day: replaced, not added.
    compute_health(programme, now=dt.datetime.now(UTC))
    assert CircleHealthSnapshot.objects.count() == 1
