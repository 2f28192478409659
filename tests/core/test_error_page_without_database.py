"""The error page when the database is away (a restart, a failover): our own Dutch page, never gunicorn's bare one.

The database is made unreachable for real: the open connection is closed and new ones go to a port where nothing
listens (PostgreSQL) or a file that cannot be opened (SQLite), so every query, the session's included, raises
OperationalError. The client does not re-raise the view's error, but an error inside the 500 handler itself (the
second error that gave the bare page) still propagates out of the client and fails the test.
"""

import logging

import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

from lobmatch.models import Role
from lobmatch.urls import handler500  # noqa: F401 - this module is also a urlconf, with the project's handler
from lobmatch.urls import urlpatterns as project_urlpatterns
from tests.factories import UserFactory
from tests.services import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def break_database():
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = str(free_port())
    else:
        connection.settings_dict["NAME"] = "/nonexistent/lobmatch/db.sqlite3"


@pytest.fixture
def database(settings):
    """Call ``database.stop()`` to make it unreachable; it is back after the test."""
    saved = dict(connection.settings_dict)

    class Database:
        stop = staticmethod(break_database)

    yield Database
    connection.close()
    connection.settings_dict.update(saved)


def saves_then_fails(request):
    """A view that changes the session and shows a message, then loses the database (a save in the middle of a
    restart)."""
    from django.contrib import messages

    request.session["draft"] = "typed"
    messages.info(request, "Opgeslagen.")
    break_database()
    from lobmatch.models import Theme

    list(Theme.objects.all())
    return HttpResponse("not reached")


urlpatterns = [path("test-database-lost/", saves_then_fails), *project_urlpatterns]


def assert_our_error_page(response):
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert '<html lang="nl">' in body
    assert "Er ging iets mis" in body
    assert "Probeer het over een paar minuten opnieuw" in body
    assert "lob-ambassadeurs@example.org" in body  # whom to ask, from the settings (not the database)
    assert "/static/vendor/bootstrap/bootstrap.min.css" in body  # the house style, without the database


def test_a_logged_in_user_gets_the_dutch_error_page(database, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=[Role.SCHOOL_CONTACT]))
    database.stop()
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(reverse("start"))
    assert_our_error_page(response)
    # Logged once, as the error it is; not a second error from the error page.
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[0] is OperationalError


def test_a_staff_member_on_an_admin_list_gets_the_dutch_error_page(database):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=[Role.STAFF]))
    database.stop()
    assert_our_error_page(client.get("/admin/lobmatch/outboxmessage/"))


def test_an_anonymous_visitor_of_the_catalogue_gets_the_dutch_error_page(database):
    client = Client(raise_request_exception=False)
    database.stop()
    assert_our_error_page(client.get(reverse("ambassadors:practice_list")))


@pytest.mark.urls(__name__)
def test_a_view_that_loses_the_database_after_changing_the_session(database, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=[Role.SCHOOL_CONTACT]))
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post("/test-database-lost/")
    assert_our_error_page(response)
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[0] is OperationalError


def test_with_the_cache_away_too(database, settings):
    """Both Redis and PostgreSQL restarting (a host reboot): a page of the logged-in page cache still ends on ours."""
    settings.CACHES = {"default": {"BACKEND": "lobmatch.cache.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}}
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=[Role.STAFF]))
    database.stop()
    assert_our_error_page(client.get("/admin/lobmatch/outboxmessage/", {"status": "failed"}))
    assert_our_error_page(client.get(reverse("partners:start")))
