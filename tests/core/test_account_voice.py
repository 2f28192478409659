"""Sign-up, verification and password mails and pages speak in the programme's name and address the school
formally ("u"), as the rest of LOB Ambassadeurs does; never allauth's stock "Hallo van <host>!" or "je"."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf|hallo van)\b", re.IGNORECASE)
PASSWORD = "een-lang-en-sterk-wachtwoord-2026"


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def _assert_formal_mail(message, *, subject_words):
    text = f"{message.subject}\n{message.body}"
    assert not INFORMAL.search(text), INFORMAL.search(text)
    assert message.subject.startswith("[LOB Ambassadeurs] ") and subject_words in message.subject
    assert "LOB Ambassadeurs" in message.body and "lob-ambassadeurs@example.org" in message.body
    assert re.search(r"\b(u|uw)\b", message.body)
    assert "testserver" not in message.body.split("http://testserver")[0]  # no "Hallo van <host>" greeting


def test_sign_up_mail_is_formal_and_names_the_programme(client, mailoutbox):
    client.post(reverse("account_signup"), {"email": "nieuw@example.org", "password1": PASSWORD,
                                            "password2": PASSWORD})
    [message] = mailoutbox
    _assert_formal_mail(message, subject_words="Bevestig uw e-mailadres")
    assert "Bevestig uw e-mailadres via deze link:" in message.body


def test_sign_up_with_a_known_address_mails_formally(client, mailoutbox):
    UserFactory(email="bekend@example.org")
    client.post(reverse("account_signup"), {"email": "bekend@example.org", "password1": PASSWORD,
                                            "password2": PASSWORD})
    [message] = mailoutbox
    _assert_formal_mail(message, subject_words="U heeft al een account")


def test_password_reset_mails_are_formal(client, mailoutbox):
    UserFactory(email="school@example.org")
    client.post(reverse("account_reset_password"), {"email": "school@example.org"})
    client.post(reverse("account_reset_password"), {"email": "onbekend@example.org"})
    known, unknown = mailoutbox
    _assert_formal_mail(known, subject_words="Nieuw wachtwoord instellen")
    assert "/accounts/password/reset/key/" in known.body
    _assert_formal_mail(unknown, subject_words="Geen account bij dit e-mailadres")


def test_sign_up_mail_follows_the_chosen_language(client, mailoutbox):
    client.cookies["django_language"] = "en"
    client.post(reverse("account_signup"), {"email": "new@example.org", "password1": PASSWORD,
                                            "password2": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    [message] = mailoutbox
    assert message.subject == "[LOB Ambassadeurs] Please confirm your email address"
    assert "Please confirm your email address with this link:" in message.body and "Kind regards," in message.body and "LOB Ambassadors" in message.body


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password",
                                  "account_reset_password_done", "account_email_verification_sent"])
def test_account_pages_are_formal_and_name_the_programme(client, name):
    page = _plain(client.get(reverse(name)).content.decode())
    assert not INFORMAL.search(page), INFORMAL.search(page)
    assert "LOB Ambassadeurs" in page


def test_account_messages_are_formal(client):
    response = client.post(reverse("account_signup"), {"email": "nieuw@example.org", "password1": PASSWORD,
                                                       "password2": PASSWORD}, follow=True)
    page = _plain(response.content.decode())
    assert "Er is een bevestigingsmail gestuurd naar nieuw@example.org." in page
    assert not INFORMAL.search(page) and "Bevestigings e-mail" not in page
