from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from kindred.conftest import World, api_client_for, client_for, enrol, give_intake, make_user
from kindred.programs.models import Membership, Programme

PROGRAMME = {
    "name": "Women in Engineering 2027",
    "description": "Pairs across regions.",
    "goals": "Grow leaders",
    "start_date": "2027-01-10",
    "end_date": "2027-12-20",
    "status": "draft",
    "default_cadence": "monthly",
    "mentor_capacity_default": 3,
    "joint_project_expected": "on",
    "showcase_date": "2027-12-01",
}
CSV = (
    "email,full_name,title,level,department,manager_email,location,timezone,languages,role\n"
    "amy@acme.example,Amy Adams,Engineer,2,Tech,,Austin,America/Chicago,en,mentee\n"
)


def test_admin_creates_a_programme_with_a_unique_slug(world: World) -> None:
    client = client_for(world.admin)
    assert client.post("/programmes/new/", PROGRAMME).status_code == 302
    assert client.post("/programmes/new/", PROGRAMME).status_code == 302
    slugs = sorted(Programme.objects.filter(name=PROGRAMME["name"]).values_list("slug", flat=True))
    assert slugs == ["women-in-engineering-2027", "women-in-engineering-2027-2"]


def test_programme_form_rejects_impossible_dates(world: World) -> None:
    client = client_for(world.admin)
    for bad in (
        {"end_date": "2026-01-01"},
        {"showcase_date": ""},
        {"mentor_capacity_default": 0},
        {"start_date": "not a date"},
        {"name": "x" * 500},
    ):
        response = client.post("/programmes/new/", PROGRAMME | bad)
        assert response.status_code == 200, bad
    assert not Programme.objects.filter(name=PROGRAMME["name"]).exists()


def test_manager_edits_their_programme(world: World) -> None:
    client = client_for(world.manager)
    response = client.post("/programmes/alpha/edit/", PROGRAMME | {"name": "Alpha Renamed"})
    assert response.status_code == 302
    world.programme.refresh_from_db()
    assert (world.programme.name, world.programme.slug) == ("Alpha Renamed", "alpha")


def test_participant_list_searches_filters_and_pages(world: World) -> None:
    for n in range(30):
        user = make_user(
            f"p{n}@test.example", f"Person {n:02d}", department="Finance" if n % 2 else "Ops"
        )
        enrol(user, world.programme, "mentee")
    client = client_for(world.manager)
    page = client.get("/programmes/alpha/participants/")
    assert b"33 participants" in page.content and b"Page 1 of 2" in page.content
    found = client.get("/programmes/alpha/participants/", {"q": "finance"})
    assert b"15 participants" in found.content
    mentors = client.get("/programmes/alpha/participants/", {"role": "mentor"})
    assert b"1 participant<" in mentors.content and b"Pat Partner" in mentors.content
    partial = client.get(
        "/programmes/alpha/participants/", {"q": "Person 0"}, headers={"HX-Request": "true"}
    )
    assert partial.content.lstrip().startswith(b'<div id="results"')
    assert b"<html" not in partial.content
    assert (
        client.get("/programmes/alpha/participants/", {"page": "999", "role": "boss"}).status_code
        == 200
    )


def test_managers_see_who_has_not_signed_in_yet(world: World) -> None:
    """Imported and provisioned people who never came in stand out."""
    from django.utils import timezone

    from kindred.accounts.models import User

    User.objects.filter(pk=world.owner.pk).update(last_login=timezone.now())
    client = client_for(world.manager)
    never = client.get("/programmes/alpha/participants/", {"signed_in": "never"})
    assert b"2 participants" in never.content  # the partner and the other participant
    assert b"Olu Owner" not in never.content
    came = client.get("/programmes/alpha/participants/", {"signed_in": "yes"})
    assert b"1 participant<" in came.content and b"Olu Owner" in came.content


def test_participant_list_queries_do_not_grow_with_people(world: World) -> None:
    client = client_for(world.manager)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/programmes/alpha/participants/").status_code == 200
        return len(ctx.captured_queries)

    count_queries()  # from here on the manager's account is kept
    few = count_queries()
    for n in range(40):
        user = make_user(f"q{n}@test.example", f"Q {n}")
        enrol(user, world.programme, "mentor")
    assert count_queries() == few
    assert few <= 10


def test_api_participants_page_is_bounded_and_paginated(world: World) -> None:
    client = api_client_for(world.manager)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/api/v1/programmes/alpha/participants", {"limit": 2}).json()
    assert body["count"] == 3 and len(body["items"]) == 2
    assert len(ctx.captured_queries) <= 8
    assert client.get("/api/v1/programmes/alpha/participants", {"limit": 1000}).status_code == 422


def test_import_through_the_web_page(world: World) -> None:
    client = client_for(world.manager)
    upload = SimpleUploadedFile("hr.csv", CSV.encode(), "text/csv")
    response = client.post("/programmes/alpha/import/", {"file": upload})
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__email="amy@acme.example", programme=world.programme
    ).exists()
    bad = SimpleUploadedFile("hr.csv", (CSV + "bob@acme.example,Bob,,x,,,,UTC,en,\n").encode())
    response = client.post("/programmes/alpha/import/", {"file": bad})
    assert response.status_code == 422
    assert (
        b"nothing was imported" in response.content
        and b'<td data-label="Line">3</td>' in response.content
    )


def test_import_through_the_api(world: World) -> None:
    client = api_client_for(world.admin)
    ok = client.post(
        "/api/v1/programmes/alpha/import", {"file": SimpleUploadedFile("hr.csv", CSV.encode())}
    )
    assert ok.status_code == 200 and ok.json()["created"] == 1
    bad = client.post(
        "/api/v1/programmes/alpha/import",
        {"file": SimpleUploadedFile("hr.csv", CSV.replace("America/Chicago", "Texas").encode())},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {
            "line": 2,
            "column": "timezone",
            "message": "“Texas” is not an IANA time zone such as Europe/London.",
        }
    ]


def test_vocabulary_page_adds_and_retires_programme_topics(world: World) -> None:
    client = client_for(world.manager)
    client.post("/programmes/alpha/vocabulary/", {"kind": "goal", "name": "Publish a paper"})
    topic = world.programme.topics.get()
    client.post(f"/programmes/alpha/vocabulary/{topic.pk}/", {"retired": "1"})
    topic.refresh_from_db()
    assert topic.retired


def test_manager_home_shows_intake_progress_per_programme(world: World) -> None:
    from django.utils import timezone

    from kindred.profiles.models import Profile

    Profile.objects.filter(user=world.owner).update(intake_completed_at=timezone.now())
    page = client_for(world.manager).get("/").content.decode()
    assert "Programmes you run" in page and "Alpha Programme" in page
    assert "1 of 3" in page
    assert "Beta Programme" not in page


def test_programme_list_queries_are_bounded(world: World) -> None:
    client = client_for(world.admin)
    client.get("/programmes/")  # from here on the admin's account is kept
    with CaptureQueriesContext(connection) as ctx:
        client.get("/programmes/")
    before = len(ctx.captured_queries)
    for n in range(5):
        Programme.objects.create(
            slug=f"extra-{n}", name=f"Extra {n}", start_date="2026-01-01", end_date="2026-02-01"
        )
    with CaptureQueriesContext(connection) as ctx:
        client.get("/programmes/")
    assert len(ctx.captured_queries) == before


def test_admin_appoints_managers_by_email(world: World) -> None:
    client = client_for(world.admin)
    data = PROGRAMME | {"manager_emails": "MANAGER@test.example\nother.manager@test.example"}
    assert client.post("/programmes/new/", data).status_code == 302
    created = Programme.objects.get(name=PROGRAMME["name"])
    assert set(created.managers.all()) == {world.manager, world.other_manager}
    response = client.post("/programmes/new/", PROGRAMME | {"manager_emails": "ghost@test.example"})
    assert b"No active account for: ghost@test.example" in response.content
    assert Programme.objects.filter(name=PROGRAMME["name"]).count() == 1


def test_a_manager_cannot_change_who_manages(world: World) -> None:
    client = client_for(world.manager)
    data = PROGRAMME | {"manager_emails": "participant@test.example"}
    assert client.post("/programmes/alpha/edit/", data).status_code == 302
    assert list(world.programme.managers.all()) == [world.manager]
    assert b"Programme managers" not in client.get("/programmes/alpha/edit/").content


def test_service_refuses_manager_changes_from_non_admins(world: World) -> None:
    import pytest

    from kindred.lib.errors import Forbidden
    from kindred.programs.services import programme_update

    with pytest.raises(Forbidden):
        programme_update(
            actor=world.manager, programme=world.programme, data={}, managers=[world.participant]
        )
    assert list(world.programme.managers.all()) == [world.manager]


@override_settings(SHARED_CACHE=False)
def test_a_participants_home_draws_in_a_few_queries(world: World) -> None:
    """Drawn afresh (a second visit is kept: test_home_panel): session,
    person, the bell's count, intake state, memberships, the programmes'
    requirements, whether they run programmes, the next steps' seven,
    whether the programme takes requests, their circles and their
    office-hours conversations,
    with a profile and a programme that
    requires nothing (the load benchmark's most asked page)."""
    give_intake(world.owner)
    client = client_for(world.owner)
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/").content.decode()
    assert "Alpha Programme" in page and "Your deep-level profile" in page
    assert len(ctx.captured_queries) <= 17, [q["sql"][:80] for q in ctx.captured_queries]
