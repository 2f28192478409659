"""Django's Redis cache backend, keeping one redis client per connection pool.

Django's backend builds a new ``redis.Redis`` for every cache call. The connection is pooled, but the client's
constructor (redis-py 8 fills a table of some 170 response callbacks) costs about 0.1 ms: more than the Redis
round trip itself, and twice per cached page. A client only wraps its pool and is safe to share between threads,
so one per pool serves every call.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
