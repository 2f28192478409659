"""A cache Redis that is down degrades every cache user (lobmatch/cache.py): pages render, logins work, no 500.

The cache here is the project's Redis backend pointed at a port where nothing listens, as when the `cache` container
of docker-compose is stopped or restarting.
"""

import logging
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from lobmatch.models import Role
from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, TrancheFactory, UserFactory
from tests.partners.helpers import form_data
from tests.services import free_port

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def cache_down(settings):
    """The default cache: Redis on a closed port (the same options as production)."""
    settings.CACHES = {"default": {"BACKEND": "lobmatch.cache.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    yield


def test_login_with_the_right_password_succeeds(cache_down, client, caplog):
    UserFactory(email="petra@example.org", roles=[Role.SCHOOL_CONTACT])
    with caplog.at_level(logging.WARNING, logger="lobmatch.cache"):
        response = client.post(reverse("account_login"), {"login": "petra@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("start")).status_code == 200
    assert any("Cache unavailable" in record.getMessage() for record in caplog.records)


def test_login_with_a_wrong_password_is_refused_with_the_form_again(cache_down, client):
    UserFactory(email="petra@example.org")
    response = client.post(reverse("account_login"), {"login": "petra@example.org", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_the_catalogue_and_a_practice_render(cache_down, client):
    practice = GoodPracticeFactory(title="Loopbaandossier Brabant")
    response = client.get(reverse("ambassadors:practice_list"))
    assert response.status_code == 200 and "Loopbaandossier Brabant" in response.content.decode()
    assert client.get(reverse("ambassadors:practice_detail", args=[practice.slug])).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_the_application_form_renders_and_saves_a_draft(cache_down, client):
    TrancheFactory()
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("partners:start")).status_code == 200
    practice = GoodPracticeFactory()
    response = client.post(reverse("partners:start"),
                           form_data([practice], action="draft", motivation="Wij willen graag leren."))
    assert response.status_code == 302
    assert PartnerApplication.objects.get(created_by=user).motivation == "Wij willen graag leren."


def test_every_cache_call_answers_like_an_empty_cache(cache_down):
    assert cache.get("x") is None and cache.get("x", "default") == "default"
    assert cache.get_many(["x", "y"]) == {}
    assert cache.has_key("x") is False
    cache.set("x", 1)
    cache.set_many({"x": 1})
    cache.delete("x")
    cache.delete_many(["x"])
    assert cache.add("lock", True) is True  # a lock nobody else can see either: callers go ahead
    assert cache.get_or_set("version", 1) == 1
    with pytest.raises(ValueError):  # as for a key that is not there
        cache.incr("version")
    cache.touch("x")
    cache.clear()


def test_after_a_failure_the_cache_is_left_alone_for_a_while_and_tried_again_after(cache_down, monkeypatch):
    """A Redis that hangs costs the connect timeout per call: after one failure the backend answers at once (as a
    miss) for a few seconds instead of every call of every request waiting for it."""
    from lobmatch import cache as backend

    client = cache._cache
    calls = []
    original = client._connect_failed
    monkeypatch.setattr(client, "_connect_failed", lambda exc: (calls.append(exc), original(exc)))
    cache.get("a")
    cache.get("b")
    cache.set("c", 1)
    assert len(calls) == 1  # only the first call went to Redis
    assert client._down_until > time.monotonic() + backend.RETRY_AFTER - 1
    client._down_until = time.monotonic() - 0.001  # the pause is over
    cache.get("d")
    assert len(calls) == 2  # tried again after the pause
