"""What a visitor typed before having an account comes back after signing up and verifying the email address, and
after logging in later, whichever way they go: the banner's buttons carry the form along (a link would not)."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse

from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db
START = reverse("partners:start")
PASSWORD = "een-lang-wachtwoord-2026"


@pytest.fixture
def practice():
    TrancheFactory()
    return GoodPracticeFactory(title="Loopbaandossier Brabant")


def type_and_press(client, practice, action):
    """An anonymous visitor types part of the form and presses one of the banner's buttons."""
    data = {"action": action, "members-TOTAL_FORMS": "5", "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "8", "choice_1": str(practice.pk),
            "project_leader_name": "Petra de Vries", "motivation": "Wij willen leren van een school die het al doet.",
            "members-0-name": "Petra de Vries", "members-0-email": "petra@example.org"}
    return client.post(START + f"?practice={practice.slug}", data)


def assert_restored(response, practice, client):
    """The typed form comes back as the visitor's draft, saved at once: only shown, it was gone once they left the
    page before choosing 'Opslaan als concept'."""
    assert response.status_code == 302
    draft = PartnerApplication.objects.get(status="draft")
    assert response.url == reverse("partners:edit", args=[draft.pk])
    assert draft.motivation == "Wij willen leren van een school die het al doet."
    assert draft.project_leader_name == "Petra de Vries"
    assert list(draft.preferences.values_list("practice_id", flat=True)) == [practice.pk]
    assert draft.members.get().email == "petra@example.org"
    page = client.get(response.url)
    assert "Wat u invulde, is als concept bewaard." in page.content.decode()
    assert page.context["form"]["motivation"].value() == "Wij willen leren van een school die het al doet."
    # the next visit to the form opens this draft
    assert client.get(START).url == reverse("partners:edit", args=[draft.pk])


def sign_up(client, url, email):
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")


def confirmation_path(mailoutbox):
    return urlsplit(re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)).path


def test_the_banner_buttons_submit_what_was_typed(client, practice):
    page = client.get(START + f"?practice={practice.slug}").content.decode()
    for action, label in (("signup", "Account aanmaken"), ("login", "Inloggen")):
        assert re.search(rf'<button[^>]*form="application-form" name="action" value="{action}"[^>]*>'
                         rf'{label}</button>', page), action


def test_typed_text_returns_after_signup_and_verifying_in_the_same_browser(client, practice, mailoutbox):
    response = type_and_press(client, practice, "signup")
    assert response.status_code == 302 and response.url.startswith(reverse("account_signup") + "?next=")
    sign_up(client, response.url, "decaan@testlyceum.example.org")
    path = confirmation_path(mailoutbox)
    assert client.get(path).status_code == 200
    response = client.post(path)  # allauth logs in (same session) and goes on to ?next=
    assert response.status_code == 302 and urlsplit(response.url).path == START
    assert_restored(client.get(response.url), practice, client)


def test_typed_text_returns_when_verifying_late_and_logging_in_later(client, practice, mailoutbox):
    """The verification link no longer logs in (allauth's login stage timed out): they log in from the header
    later, without a ?next=, and still get their form back."""
    response = type_and_press(client, practice, "signup")
    sign_up(client, response.url, "decaan@later.example.org")
    with time_machine.travel(dt.timedelta(hours=1)):
        path = confirmation_path(mailoutbox)
        response = client.post(path)
        assert "_auth_user_id" not in client.session  # verified, not logged in
        response = client.post(reverse("account_login"), {"login": "decaan@later.example.org", "password": PASSWORD})
        assert response.status_code == 302 and urlsplit(response.url).path == START
        assert_restored(client.get(response.url), practice, client)


def test_typed_text_returns_after_logging_in_with_an_existing_account(client, practice):
    user = UserFactory(email="bestaand@example.org", password=PASSWORD)
    response = type_and_press(client, practice, "login")
    assert response.status_code == 302 and response.url.startswith(reverse("account_login") + "?next=")
    response = client.post(response.url, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and urlsplit(response.url).path == START
    assert_restored(client.get(response.url), practice, client)


WAITS = "staat klaar in de browser waarin u het invulde"


def test_the_verification_mail_says_where_the_typed_form_waits(client, practice, mailoutbox):
    response = type_and_press(client, practice, "signup")
    sign_up(client, response.url, "decaan@telefoon.example.org")
    assert WAITS in mailoutbox[-1].body
    # Opened in another browser (a phone): no form there, and after logging in in the first browser it is back.
    phone = type(client)()
    path = confirmation_path(mailoutbox)
    phone.post(path)
    assert not phone.get(START).context["restored"]
    response = client.post(reverse("account_login"), {"login": "decaan@telefoon.example.org", "password": PASSWORD})
    assert_restored(client.get(response.url), practice, client)


def test_a_signup_without_a_typed_form_gets_no_such_sentence(client, mailoutbox):
    sign_up(client, reverse("account_signup"), "ambassadeur@example.org")
    assert WAITS not in mailoutbox[-1].body
