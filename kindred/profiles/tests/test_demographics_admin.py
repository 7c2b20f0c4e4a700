"""No read of demographics through the Django admin goes unlogged: the list
shows no answers and refuses every filter, so `?user=5&ethnicity=…` cannot
narrow it to one person (issue 20, finding 5)."""

from __future__ import annotations

import pytest

from kindred.accounts.models import User
from kindred.audit.models import AuditEvent
from kindred.conftest import World, client_for, make_user
from kindred.profiles.models import Demographics


def superuser() -> User:
    return make_user(
        "root@test.example", "Root", is_superuser=True, is_staff=True, is_org_admin=True
    )


@pytest.fixture
def answered(world: World) -> Demographics:
    return Demographics.objects.create(user=world.owner, ethnicity="a rare answer")


@pytest.mark.parametrize(
    "query",
    [
        "?user={pk}&ethnicity=a+rare+answer",
        "?ethnicity__startswith=a",
        "?user__id__exact={pk}",
        "?q=rare",
    ],
)
def test_the_list_cannot_be_narrowed_to_one_person(
    world: World, answered: Demographics, query: str
) -> None:
    root = make_user(
        "root@test.example", "Root", is_superuser=True, is_staff=True, is_org_admin=True
    )
    response = client_for(root).get(
        "/admin/profiles/demographics/" + query.format(pk=world.owner.pk)
    )
    page = response.content.decode()
    assert "a rare answer" not in page
    if "?q=" not in query:
        assert response.status_code in (302, 400)  # refused, not answered
    user_filter = client_for(root).get(
        "/admin/accounts/user/?demographics__ethnicity=a+rare+answer"
    )
    assert user_filter.status_code in (302, 400)


def test_opening_a_record_is_logged_and_managers_have_no_list(
    world: World, answered: Demographics
) -> None:
    root = make_user(
        "root@test.example", "Root", is_superuser=True, is_staff=True, is_org_admin=True
    )
    opened = client_for(root).get(f"/admin/profiles/demographics/{answered.pk}/change/")
    assert opened.status_code == 200
    assert AuditEvent.objects.filter(action="demographics.read", subject=world.owner).exists()
    world.manager.is_staff = True
    world.manager.save()
    assert client_for(world.manager).get("/admin/profiles/demographics/").status_code == 403
