"""Django's Redis cache, keeping its client.

Django's own backend builds a new redis-py client for every call (the
client is cheap to share: it only borrows connections from the pool).
Building one fills a table of about 170 reply parsers, and a signed-in page
asks the cache at least once (its session), so on the 2-core load
benchmark that was a twentieth of the cost of a page served from the
session alone. One client per connection pool does the same work."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._replicas = len(servers) > 1
        self._clients: dict[bool, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        if self._replicas:  # Django picks one of them at random per read
            return super().get_client(key, write=write)
        client = self._clients.get(write)
        if client is None:
            client = self._clients[write] = super().get_client(key, write=write)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
