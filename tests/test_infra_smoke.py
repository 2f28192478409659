"""The test infrastructure itself: real services in CI, Chromium, axe-core."""

import os

import pytest
from django.core.cache import cache, caches
from django.db import connection

from tests.services import require_services


@pytest.mark.django_db
def test_database_is_postgresql_when_services_are_required():
    if require_services():
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor in ("postgresql", "sqlite")


def test_cache_is_redis_when_services_are_required():
    if require_services():
        assert type(caches["default"]).__name__ == "RedisCache"
        cache.set("ping", "pong", 10)
        assert cache.get("ping") == "pong"
    else:
        assert os.environ.get("REDIS_URL") or type(caches["default"]).__name__ == "LocMemCache"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_in_chromium_is_dutch_and_accessible(live_server, page, assert_accessible):
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").first.inner_text().startswith("LOB Ambassadeurs")
    assert_accessible(page)
