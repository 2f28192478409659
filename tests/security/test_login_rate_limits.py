"""Login rate limits behind the reverse proxy: per visitor address and per account, never for everyone at once.

Behind a proxy every request comes from the proxy's address (REMOTE_ADDR); the visitor's address is the last entry
of X-Forwarded-For, which the proxy appends. ``TRUSTED_PROXY_COUNT`` (docker-compose sets 1 for `web`) tells allauth
how many of those entries its own proxies wrote.
"""

import importlib
import sys

import pytest
import yaml
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_compose import COMPOSE

PASSWORD = "correct horse battery"
PROXY = "10.0.0.2"  # the reverse proxy, as the web container sees it


def base_settings(monkeypatch, **environ):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("lobmatch.settings.base", None)
    try:
        return importlib.import_module("lobmatch.settings.base")
    finally:
        sys.modules.pop("lobmatch.settings.base", None)


def test_the_proxy_count_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    assert base_settings(monkeypatch).ALLAUTH_TRUSTED_PROXY_COUNT == 0  # no proxy: X-Forwarded-For is ignored
    assert base_settings(monkeypatch, TRUSTED_PROXY_COUNT="1").ALLAUTH_TRUSTED_PROXY_COUNT == 1


def test_docker_compose_tells_web_about_its_proxy():
    web = yaml.safe_load(COMPOSE.read_text())["services"]["web"]["environment"]
    assert web["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"
    assert web["DJANGO_SETTINGS_MODULE"] == "lobmatch.settings.production"  # still the shared environment


@pytest.fixture
def behind_proxy(settings, monkeypatch):
    """The settings as docker-compose configures `web`."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = base_settings(monkeypatch, TRUSTED_PROXY_COUNT="1") \
        .ALLAUTH_TRUSTED_PROXY_COUNT


def login(client, email, password, *, forwarded_for):
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def too_many(response) -> bool:
    """Refused by a rate limit: the form's error (failed logins) or 429 (too many logins at all)."""
    if response.status_code == 429:
        return True
    form = response.context["form"]
    return any(error.code == "too_many_login_attempts" for error in form.non_field_errors().as_data())


@pytest.mark.django_db
def test_failed_logins_of_one_visitor_do_not_lock_out_the_others_behind_the_proxy(behind_proxy, client):
    UserFactory(email="petra@example.org")
    # Someone at one school tries one account after another, each with a wrong password, until the address is
    # refused (the per-address limit); the spoofed first entry of the header is not what counts.
    refused = None
    for attempt in range(40):
        response = login(client, f"gok{attempt}@example.org", "wrong", forwarded_for="192.0.2.66, 203.0.113.5")
        if too_many(response):
            refused = attempt
            break
    assert refused is not None, "the per-address limit never applied"
    assert refused >= 10, "a few people's typing errors at one school's shared address must not lock it"
    assert "_auth_user_id" not in client.session

    # Another school, through the same proxy: logs in at once.
    other = client.__class__()
    response = login(other, "petra@example.org", PASSWORD, forwarded_for="198.51.100.7")
    assert response.status_code == 302
    assert "_auth_user_id" in other.session


@pytest.mark.django_db
def test_one_account_is_still_limited_from_any_address(behind_proxy, client):
    UserFactory(email="petra@example.org")
    for attempt in range(5):
        response = login(client, "petra@example.org", "wrong", forwarded_for=f"203.0.113.{attempt + 1}")
        assert response.status_code == 200 and not too_many(response)
    # The sixth try, even with the right password and from yet another address: refused for now.
    response = login(client, "petra@example.org", PASSWORD, forwarded_for="198.51.100.7")
    assert "_auth_user_id" not in client.session
    assert too_many(response)
