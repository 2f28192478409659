"""Public pages from the page cache: fresh CSRF tokens, immediate invalidation, never for logged-in users."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ambassadors.models import GoodPractice
from lobmatch import pagecache
from tests.factories import GoodPracticeFactory, TrajectoryFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def practice():
    TrancheFactory()
    return GoodPracticeFactory(title="Loopbaangesprekken met ouders")


@pytest.mark.parametrize("url", ["/", "/good-practices/", "/good-practices/?q=ouders"])
def test_a_second_anonymous_visit_is_served_without_queries(url, practice, django_assert_num_queries):
    assert Client().get(url).status_code == 200
    with django_assert_num_queries(0):
        response = Client().get(url)
    assert response.status_code == 200 and "Cookie" in response["Vary"]


def test_the_practice_page_is_cached_too(practice, django_assert_num_queries):
    url = reverse("ambassadors:practice_detail", args=[practice.slug])
    first = Client().get(url)
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())


def test_every_visitor_gets_a_working_token_of_their_own(practice):
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get("/good-practices/")
        token = TOKEN.search(page.content.decode()).group(1)
        assert page.cookies[settings.CSRF_COOKIE_NAME].value
        tokens.append(token)
        switched = visitor.post(reverse("set_language"), {"language": "en", "next": "/good-practices/",
                                                          "csrfmiddlewaretoken": token})
        assert switched.status_code == 302
        assert visitor.get("/good-practices/")["Content-Language"] == "en"
    assert tokens[0] != tokens[1]
    assert "lobmatch:csrf" not in page.content.decode()


def test_an_edit_shows_at_once(practice):
    assert "Loopbaangesprekken met ouders" in Client().get("/good-practices/").content.decode()
    practice.title = "Ouderavond nieuwe stijl"
    practice.save()
    body = Client().get("/good-practices/").content.decode()
    assert "Ouderavond nieuwe stijl" in body and "Loopbaangesprekken met ouders" not in body


def test_unpublishing_and_new_trajectories_invalidate(practice):
    url = reverse("ambassadors:practice_detail", args=[practice.slug])
    assert Client().get(url).status_code == 200
    GoodPractice.objects.get(pk=practice.pk).delete()
    assert Client().get(url).status_code == 404
    other = GoodPracticeFactory(title="Bedrijvenroute")
    Client().get("/good-practices/")
    before = pagecache.version()
    TrajectoryFactory(practice=other)  # takes a seat: the room shown for its school must be recomputed
    assert pagecache.version() > before


def test_languages_are_cached_apart(practice):
    dutch = Client().get("/").content.decode()
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = english_client.get("/").content.decode()
    assert '<html lang="nl">' in dutch and '<html lang="en">' in english


def test_logged_in_users_never_get_a_cached_page(practice, client):
    Client().get("/good-practices/")  # fills the cache for visitors
    user = UserFactory(email="decaan@school.example.org")
    client.force_login(user)
    assert "decaan@school.example.org" in client.get("/good-practices/").content.decode()
    assert "decaan@school.example.org" not in Client().get("/good-practices/").content.decode()


def test_a_waiting_message_bypasses_the_cache(practice, django_assert_max_num_queries):
    Client().get("/")
    visitor = Client()
    visitor.cookies["messages"] = "x"
    with django_assert_max_num_queries(10) as ctx:
        visitor.get("/")
    assert len(ctx.captured_queries) > 0


def test_an_edit_bumps_again_when_it_commits(practice, django_capture_on_commit_callbacks):
    before = pagecache.version()
    with django_capture_on_commit_callbacks(execute=True):
        practice.title = "Nieuw"
        practice.save()
        during = pagecache.version()
    assert during > before and pagecache.version() > during  # a page cached in between is abandoned


def test_the_pages_work_when_the_cache_is_down(practice, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is away")

    monkeypatch.setattr(pagecache.cache, "get", down)
    monkeypatch.setattr(pagecache.cache, "get_many", down)
    monkeypatch.setattr(pagecache.cache, "get_or_set", down)
    monkeypatch.setattr(pagecache.cache, "incr", down)
    response = Client().get("/good-practices/")
    assert response.status_code == 200 and "Loopbaangesprekken met ouders" in response.content.decode()
    practice.save()  # invalidation while the cache is down must not fail the edit


def test_a_not_found_page_gets_a_real_token(practice):
    response = Client().get("/good-practices/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert pagecache.MARKER not in body and TOKEN.search(body)


def test_unknown_query_parameters_are_rendered_not_cached(practice, django_assert_max_num_queries):
    Client().get("/?utm=1")
    with django_assert_max_num_queries(10) as ctx:
        Client().get("/?utm=1")
    assert len(ctx.captured_queries) > 0
    Client().get("/good-practices/?q=ouders&page=1")
    with django_assert_max_num_queries(0):
        Client().get("/good-practices/?q=ouders&page=1")


def test_head_is_answered(practice):
    assert Client().head("/good-practices/").status_code == 200
    assert Client().head("/").status_code == 200
