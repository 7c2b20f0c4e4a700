"""The signed-in person is kept in the cache between requests
(kindred/lib/cache, backends.py): a request after the first reads
no account from the database, and every change to an account, however it
is written, is seen by the next request; above all, a changed password,
a deactivation or an erasure ends the person's other sessions at once."""

from __future__ import annotations

import time

from django.core.cache import cache as django_cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from kindred.accounts.backends import CachedModelBackend
from kindred.accounts.models import User
from kindred.conftest import World, client_for
from kindred.lib import cache

PAGE = "/programmes/"  # any signed-in page


def signed_in(client: Client) -> bool:
    return client.get(PAGE).status_code == 200


def account_reads(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert signed_in(client)
    return sum('FROM "accounts_user"' in q["sql"] for q in ctx.captured_queries)


def test_a_second_request_reads_no_account(world: World) -> None:
    client = client_for(world.owner)
    assert account_reads(client) == 1
    assert account_reads(client) == 0


def test_a_new_password_signs_out_the_persons_other_sessions(world: World) -> None:
    other_device = client_for(world.owner)
    assert signed_in(other_device)
    world.owner.set_password("a-new-long-password-1234")
    world.owner.save()
    assert not signed_in(other_device)


def test_a_deactivated_account_is_signed_out(world: World) -> None:
    client = client_for(world.owner)
    assert signed_in(client)
    world.owner.is_active = False
    world.owner.save(update_fields=["is_active"])
    assert not signed_in(client)


def test_an_erased_persons_sessions_end(world: World) -> None:
    client = client_for(world.owner)
    assert signed_in(client)
    response = client_for(world.admin).post(
        f"/accounts/people/{world.owner.pk}/erase/", {"confirm_email": world.owner.email}
    )
    assert response.status_code == 302
    assert not signed_in(client)


def test_changes_to_many_accounts_at_once_are_seen(world: World) -> None:
    """Bulk updates send no signals: the accounts' queryset forgets itself."""
    client = client_for(world.owner)
    assert signed_in(client)
    User.objects.filter(pk=world.owner.pk).update(full_name="Olu Bulk")
    assert "Welcome, Olu Bulk" in client.get("/").content.decode()
    world.owner.full_name = "Olu Bulk Again"
    User.objects.bulk_update([world.owner], ["full_name"])
    assert "Welcome, Olu Bulk Again" in client.get("/").content.decode()
    User.objects.filter(pk=world.owner.pk).update(is_active=False)
    assert not signed_in(client)


def test_forgetting_repeats_once_the_change_commits(
    world: World, django_capture_on_commit_callbacks
) -> None:
    """A request between a change and its commit reads what was there
    before, and keeps it under a stamp the commit then removes."""
    client = client_for(world.owner)
    assert signed_in(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        world.owner.full_name = "Olu Later"
        world.owner.save()
    assert signed_in(client)  # keeps the account under a new stamp...
    assert django_cache.get(cache.version_key(world.owner.pk)) is not None
    for callback in callbacks:
        callback()  # ...which the commit removes
    assert django_cache.get(cache.version_key(world.owner.pk)) is None
    assert account_reads(client) == 1


def keep(value: str, may_keep: bool = True, stamp: str | None = None) -> str:
    return cache.cached("kept:test", 7, lambda: (value, may_keep), version=stamp)[0]


def test_a_stamp_another_request_made_first_is_used(db: None) -> None:
    django_cache.set(cache.version_key(7), "theirs")
    assert cache.store._new_version(cache.version_key(7)) == "theirs"  # lost the race to make one
    assert keep("drawn") == "drawn"
    assert django_cache.get("kept:test") == ("theirs", "drawn")
    assert keep("again") == "drawn"


def test_what_may_not_be_kept_is_drawn_every_time(db: None) -> None:
    assert keep("first", may_keep=False) == "first"
    assert keep("second", may_keep=False) == "second"


def test_a_processs_own_copy_is_checked_against_the_stamp(db: None) -> None:
    assert keep("first") == "first"
    django_cache.delete("kept:test")  # the process's copy remains...
    assert keep("second") == "first"  # ...and is current
    cache.invalidate([7])
    assert keep("third") == "third"  # not after the person was forgotten
    django_cache.set("kept:test", (django_cache.get(cache.version_key(7)), "elsewhere"))
    assert keep("fourth") == "third"


def test_another_processs_copy_is_used_when_this_one_has_none(db: None) -> None:
    assert keep("first") == "first"
    cache.forget_local_copies()
    assert keep("second") == "first"  # from the shared cache


def test_a_stamp_read_earlier_in_the_request_is_trusted(db: None) -> None:
    _, stamp = cache.cached("kept:test", 7, lambda: ("first", True))
    assert keep("second", stamp=stamp) == "first"
    assert keep("third", stamp="an older stamp") == "third"  # drawn, kept under it...
    assert keep("fourth") == "fourth"  # ...which is not the current one: drawn again


def test_copies_expire_with_their_lifetime(db: None, monkeypatch) -> None:
    assert keep("first") == "first"
    later = time.monotonic() + cache.LIFETIME + 1
    monkeypatch.setattr(cache.store.time, "monotonic", lambda: later)
    django_cache.delete("kept:test")
    assert keep("second") == "second"


def test_a_session_naming_no_account_signs_in_nobody(world: World) -> None:
    backend = CachedModelBackend()
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(None) is None
    assert backend.get_user(10**9) is None
    assert backend.get_user(str(world.owner.pk)) == world.owner


@override_settings(SHARED_CACHE=False)
def test_without_a_shared_cache_every_request_reads_the_account(world: World) -> None:
    client = client_for(world.owner)
    assert account_reads(client) == 1
    assert account_reads(client) == 1
