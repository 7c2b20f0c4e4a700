"""Demographics are the most sensitive thing Kindred holds: no participant or
manager can read another person's answers through any view or endpoint, and
every read or change is audit-logged."""

from __future__ import annotations

import pytest
from django.test import Client

from kindred.audit.models import AuditEvent
from kindred.conftest import World, api_client_for, client_for
from kindred.lib.errors import NotFound
from kindred.profiles.models import Demographics
from kindred.profiles.selectors import demographics_read

SECRET = "pacific_islander"


@pytest.fixture
def answered(world: World) -> World:
    Demographics.objects.create(user=world.owner, ethnicity=SECRET, gender="woman")
    return world


def web_pages(world: World) -> list[str]:
    return [
        "/",
        "/programmes/alpha/",
        "/programmes/alpha/participants/",
        f"/people/{world.owner.pk}/",
        "/profile/",
        "/intake/demographics/",
    ]


@pytest.mark.parametrize("who", ["partner", "participant", "outsider", "manager", "other_manager"])
def test_no_other_person_sees_the_answers_on_any_page(answered: World, who: str) -> None:
    viewer = answered.actors()[who]
    client = client_for(viewer)
    for url in web_pages(answered):
        content = client.get(url).content
        # The intake lists every answer as an option; only the viewer's own are selected.
        assert f'value="{SECRET}" selected'.encode() not in content, url
        if url != "/intake/demographics/":
            assert SECRET.encode() not in content and b"Pacific Islander" not in content, url


@pytest.mark.parametrize("who", ["partner", "participant", "outsider", "manager", "other_manager"])
def test_no_other_person_reads_them_through_the_api(answered: World, who: str) -> None:
    client = api_client_for(answered.actors()[who])
    response = client.get(f"/api/v1/profiles/{answered.owner.pk}/demographics")
    assert response.status_code == 404
    profile = client.get(f"/api/v1/profiles/{answered.owner.pk}")
    assert SECRET.encode() not in profile.content


def test_the_person_sees_their_own_answers_and_each_read_is_logged(answered: World) -> None:
    page = client_for(answered.owner).get("/intake/demographics/").content
    assert f'value="{SECRET}" selected'.encode() in page
    before = AuditEvent.objects.count()
    response = api_client_for(answered.owner).get(
        f"/api/v1/profiles/{answered.owner.pk}/demographics"
    )
    assert response.json()["ethnicity"] == SECRET
    assert AuditEvent.objects.count() == before + 1
    log = AuditEvent.objects.first()
    assert log is not None
    assert (log.actor, log.subject, log.action, log.channel) == (
        answered.owner,
        answered.owner,
        "demographics.read",
        "api",
    )


def test_an_admin_reads_for_a_data_request_and_it_is_logged(answered: World) -> None:
    response = api_client_for(answered.admin).get(
        f"/api/v1/profiles/{answered.owner.pk}/demographics"
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="demographics.read", actor=answered.admin, subject=answered.owner
    ).exists()


def test_a_refused_read_leaves_no_data_behind(answered: World) -> None:
    with pytest.raises(NotFound):
        demographics_read(viewer=answered.manager, subject=answered.owner, channel="web")
    assert not AuditEvent.objects.filter(action="demographics.read").exists()


def test_admin_site_is_read_only_and_logs_each_record_opened(answered: World) -> None:
    record = Demographics.objects.get(user=answered.owner)
    client = client_for(answered.admin)
    assert client.get("/admin/profiles/demographics/").status_code == 200
    assert not AuditEvent.objects.filter(action="demographics.read").exists()  # no answers
    response = client.get(f"/admin/profiles/demographics/{record.pk}/change/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(channel="admin", actor=answered.admin).count() == 1
    posted = client.post(f"/admin/profiles/demographics/{record.pk}/change/", {"gender": "man"})
    assert posted.status_code == 403
    record.refresh_from_db()
    assert record.gender == "woman"


def test_staff_who_are_not_admins_cannot_open_them_in_the_admin(answered: World) -> None:
    answered.manager.is_staff = True
    answered.manager.save()
    record = Demographics.objects.get(user=answered.owner)
    response = client_for(answered.manager).get(f"/admin/profiles/demographics/{record.pk}/change/")
    assert response.status_code in (302, 403, 404)
    assert b"woman" not in response.content
    assert not AuditEvent.objects.filter(action="demographics.read").exists()


def test_saving_own_answers_through_the_intake_is_logged(world: World) -> None:
    client = client_for(world.owner)
    response = client.post("/intake/demographics/", {"gender": "prefer_not", "age_band": ""})
    assert response.status_code == 302
    record = Demographics.objects.get(user=world.owner)
    assert (record.gender, record.age_band) == ("prefer_not", "")
    assert AuditEvent.objects.filter(action="demographics.change", subject=world.owner).exists()


def test_an_answer_outside_the_choices_changes_nothing(world: World) -> None:
    response = api_client_for(world.owner).put(
        "/api/v1/profiles/me/demographics", {"gender": "robot"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert not Demographics.objects.filter(user=world.owner).exclude(gender="").exists()


def test_anonymous_cannot_reach_them(answered: World) -> None:
    assert Client().get(f"/api/v1/profiles/{answered.owner.pk}/demographics").status_code == 401
