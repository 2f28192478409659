"""The Redis cache backend keeps one redis client per connection pool (lobmatch/cache.py)."""

import pytest
from django.core.cache import caches

from lobmatch.cache import RedisCache


@pytest.fixture
def redis_cache():
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("the suite runs without Redis here (CI always has it)")
    return backend


def test_one_client_serves_every_call(redis_cache):
    backend = redis_cache._cache
    assert backend.get_client("a") is backend.get_client("b") is backend.get_client("c", write=True)


def test_it_is_still_a_cache(redis_cache):
    redis_cache.set("lobmatch-test", {"page": "<p>é</p>"}, 30)
    assert redis_cache.get("lobmatch-test") == {"page": "<p>é</p>"}
    assert redis_cache.get_many(["lobmatch-test", "missing"]) == {"lobmatch-test": {"page": "<p>é</p>"}}
    assert redis_cache.add("lobmatch-count", 1) and redis_cache.incr("lobmatch-count") == 2
    redis_cache.delete("lobmatch-test")
    assert redis_cache.get("lobmatch-test") is None
