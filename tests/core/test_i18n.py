import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dutch_by_default_even_when_the_browser_prefers_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert "LOB Ambassadeurs: van school tot school" in response.content.decode()


def test_english_when_chosen_with_the_switcher(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get("/")
    assert response["Content-Language"] == "en"
    body = response.content.decode()
    assert '<html lang="en">' in body and "LOB Ambassadors: from school to school" in body
    assert "Apply as a partner school" in body


def test_a_logged_in_users_choice_is_remembered_for_emails(client):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert client.get("/")["Content-Language"] == "en"


def test_unknown_language_falls_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/")["Content-Language"] == "nl"
