"""The participant's home is kept in the cache (kindred/pages/home.py):
a second visit reads no more than the session, and every change to
something the home shows is on it at the next visit."""

from __future__ import annotations

import re

from django.apps import apps
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from kindred.conftest import World, client_for, enrol, give_intake
from kindred.development.models import ModuleProgress, ProgrammeModule
from kindred.lib import cache
from kindred.pages import home
from kindred.programs.models import Membership
from kindred.programs.services import people_import
from kindred.relationships.services import relationship_start


def page(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def queries_of_visit(client: Client) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        page(client)
    return [q["sql"] for q in ctx.captured_queries]


def test_a_second_visit_reads_only_the_session(world: World) -> None:
    give_intake(world.owner)
    client = client_for(world.owner)
    # Drawn: session, person, the bell's count, the panels' six, and the
    # next steps' seven (meetings, proposals, requests, unread messages,
    # the person's relationships, commitments due, matching proposals), and
    # for someone waiting whether their programme takes requests.
    assert len(queries_of_visit(client)) <= 17
    kept = queries_of_visit(client)
    assert len(kept) == 1, kept  # the session (tests keep sessions in the database)
    assert "Alpha Programme" in page(client)


def test_each_person_gets_their_own_home(world: World) -> None:
    owner, outsider = client_for(world.owner), client_for(world.outsider)
    for _ in range(2):
        assert "Alpha Programme" in page(owner) and "Beta Programme" not in page(owner)
        assert "Beta Programme" in page(outsider) and "Alpha Programme" not in page(outsider)


def test_the_persons_own_changes_show_at_once(world: World) -> None:
    client = client_for(world.owner)
    assert "Not finished" in page(client)
    world.owner.full_name = "Olu Renamed"
    world.owner.save()
    assert "Welcome, Olu Renamed" in page(client)
    give_intake(world.owner)  # saves the profile
    assert "Complete" in page(client)
    enrol(world.owner, world.other_programme, "mentee")
    assert "Beta Programme" in page(client)
    Membership.objects.filter(programme=world.other_programme, user=world.owner).delete()
    assert "Beta Programme" not in page(client)


def test_a_programmes_changes_show_on_its_members_homes(world: World) -> None:
    client = client_for(world.owner)
    page(client)
    world.programme.name = "Alpha Renamed"
    world.programme.save()
    assert "Alpha Renamed" in page(client)
    ProgrammeModule.objects.create(
        programme=world.programme,
        module="trust",
        requirement="before_matching",
        required_of="everyone",
    )
    assert "Practice modules asked of you" in page(client)


def test_modules_done_and_relationships_begun_show(world: World) -> None:
    ProgrammeModule.objects.create(
        programme=world.programme, module="trust", requirement="first_month", required_of="everyone"
    )
    client = client_for(world.owner)
    assert "due" not in page(client)
    with transaction.atomic():
        relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    assert ", due " in page(client)  # 30 days from the relationship's start
    ModuleProgress.objects.create(
        person=world.owner, module="trust", completed_at=world.programme.created_at
    )
    assert "Practice modules asked of you" not in page(client)


def test_being_made_a_manager_shows_and_managers_homes_are_never_kept(world: World) -> None:
    client = client_for(world.owner)
    assert "Programmes you run" not in page(client)
    world.other_programme.managers.add(world.owner)
    assert "Programmes you run" in page(client)
    assert "0 of 1" in page(client)  # the outsider has not finished their intake
    give_intake(world.outsider)  # another person's change: a manager's home counts it
    assert "1 of 1" in page(client)
    world.owner.managed_programmes.remove(world.other_programme)
    assert "Programmes you run" not in page(client)


def test_the_people_import_forgets_the_homes_of_those_it_changes(world: World) -> None:
    client = client_for(world.outsider)
    page(client)
    csv = (
        "email,full_name,title,level,department,manager_email,location,timezone,languages,role\n"
        "outsider@test.example,Oscar Imported,Engineer,2,Tech,,Oslo,Europe/Oslo,en,mentor\n"
    )
    # An organisation admin's import: a manager's may not enrol someone
    # from another programme.
    people_import(actor=world.admin, programme=world.programme, data=csv.encode())
    text = page(client)
    assert "Welcome, Oscar Imported" in text and "Alpha Programme</a>: Mentor" in text
    page(client)
    # The same person again with only their role changed: no account is
    # written, only the membership (in bulk).
    as_mentee = csv.replace(",mentor", ",mentee").encode()
    people_import(actor=world.admin, programme=world.programme, data=as_mentee)
    assert "Alpha Programme</a>: Mentee" in page(client)


@override_settings(SHARED_CACHE=False)
def test_without_a_shared_cache_every_visit_draws(world: World) -> None:
    client = client_for(world.owner)
    page(client)
    assert len(queries_of_visit(client)) > 1


TABLE = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def test_the_panel_reads_only_what_forgets_it(world: World) -> None:
    """A new query in the panel on a model nobody watches would leave kept
    homes out of date: declare it in the cache's registry (and invalidate on
    its bulk writes)."""
    ProgrammeModule.objects.create(
        programme=world.programme, module="trust", requirement="first_month", required_of="everyone"
    )
    with transaction.atomic():
        relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    world.programme.managers.add(world.owner)  # every branch of the panel
    models = apps.get_models(include_auto_created=True)  # with many-to-many tables
    tables = {model._meta.db_table: model._meta.label for model in models}
    with CaptureQueriesContext(connection) as ctx:
        home.draw(world.owner, RequestFactory().get("/"))
    read = {tables[t] for q in ctx.captured_queries for t in TABLE.findall(q["sql"]) if t in tables}
    assert read and read <= cache.watched(), read - cache.watched()
