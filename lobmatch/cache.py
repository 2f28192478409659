"""Django's Redis cache backend, keeping one redis client per connection pool, and degrading when Redis is away.

Django's backend builds a new ``redis.Redis`` for every cache call. The connection is pooled, but the client's
constructor (redis-py 8 fills a table of some 170 response callbacks) costs about 0.1 ms: more than the Redis
round trip itself, and twice per cached page. A client only wraps its pool and is safe to share between threads,
so one per pool serves every call.

The cache only ever holds what can be worked out again (rendered pages, rate-limit counters), so a cache Redis that
is down or restarting must not fail a request: every call then answers like an empty cache (``get`` gives the
default, ``set`` and ``delete`` do nothing, ``add`` reports success so a lock in the cache goes ahead, ``incr``
raises ValueError as for a missing key) and a warning is logged. The login rate limits of allauth live in this
cache: during an outage they are not applied. After a failure the backend leaves Redis alone for
:data:`RETRY_AFTER` seconds: a Redis that hangs would otherwise cost the connect timeout on every call of every
request. That pause is the only state kept in the process, and it decides nothing but whether to ask Redis.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
RETRY_AFTER = 5.0  # seconds without asking Redis after it failed


def _missing_key(*args, **kwargs):
    raise ValueError("The cache is unavailable: no key can be found.")


def _or_when_down(answer):
    """Run the cache call; while Redis cannot be reached, return ``answer(*args)`` instead (or raise what it
    raises)."""

    def decorate(method):
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return answer(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError) as exc:
                self._connect_failed(exc)
                return answer(*args, **kwargs)
            if self._down_until:
                self._down_until = 0.0
                log.info("Cache reachable again")
            return result

        return guarded

    return decorate


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._down_until = 0.0

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    def _connect_failed(self, exc: Exception) -> None:
        if not self._down_until:
            log.warning("Cache unavailable (%s); working without it, trying again every %.0f s", exc, RETRY_AFTER)
        self._down_until = time.monotonic() + RETRY_AFTER

    # The raw calls of Django's client (keys already made), each with what an empty cache would answer.
    add = _or_when_down(lambda key, value, timeout: True)(DjangoRedisCacheClient.add)
    get = _or_when_down(lambda key, default: default)(DjangoRedisCacheClient.get)
    set = _or_when_down(lambda key, value, timeout: None)(DjangoRedisCacheClient.set)
    touch = _or_when_down(lambda key, timeout: False)(DjangoRedisCacheClient.touch)
    delete = _or_when_down(lambda key: False)(DjangoRedisCacheClient.delete)
    get_many = _or_when_down(lambda keys: {})(DjangoRedisCacheClient.get_many)
    has_key = _or_when_down(lambda key: False)(DjangoRedisCacheClient.has_key)
    incr = _or_when_down(_missing_key)(DjangoRedisCacheClient.incr)
    set_many = _or_when_down(lambda data, timeout: None)(DjangoRedisCacheClient.set_many)
    delete_many = _or_when_down(lambda keys: None)(DjangoRedisCacheClient.delete_many)
    clear = _or_when_down(lambda: False)(DjangoRedisCacheClient.clear)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
