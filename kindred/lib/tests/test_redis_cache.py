"""The Redis cache backend (kindred/lib/cache/backend.py) against the machine's real
Redis on 127.0.0.1:6379: it keeps one client, still works with replicas,
and carries what is kept of a person between requests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from kindred.conftest import World, client_for, give_intake

REDIS = "redis://127.0.0.1:6379/14"


def redis_caches(location: str) -> dict[str, dict[str, str]]:
    # A prefix of its own, so tests running side by side never share keys.
    prefix = f"test-{uuid.uuid4().hex}"
    return {
        "default": {
            "BACKEND": "kindred.lib.cache.backend.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }


@pytest.fixture
def on_redis() -> Iterator[None]:
    with override_settings(CACHES=redis_caches(REDIS)):
        yield
        cache.clear()


def test_values_go_to_redis_and_come_back(on_redis: None) -> None:
    cache.set("greeting", {"text": "hello"}, 30)
    assert cache.get("greeting") == {"text": "hello"}
    assert cache.get_many(["greeting", "missing"]) == {"greeting": {"text": "hello"}}
    cache.delete("greeting")
    assert cache.get("greeting") is None


def test_one_client_serves_every_call(on_redis: None) -> None:
    backend = caches["default"]._cache  # type: ignore[attr-defined]
    reader, writer = backend.get_client(), backend.get_client(write=True)
    cache.set("counted", 1)
    cache.get("counted")
    assert backend.get_client() is reader
    assert backend.get_client("counted", write=True) is writer


def test_with_replicas_it_still_reads_and_writes() -> None:
    with override_settings(CACHES=redis_caches(f"{REDIS},{REDIS}")):
        cache.set("replicated", "yes", 30)
        assert cache.get("replicated") == "yes"
        cache.clear()


@override_settings(SHARED_CACHE=True)
def test_a_kept_home_comes_from_redis(world: World, on_redis: None) -> None:
    give_intake(world.owner)
    client = client_for(world.owner)
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/").content.decode()
    assert "Alpha Programme" in page
    assert len(ctx.captured_queries) == 1  # the session: the person and their home are kept
