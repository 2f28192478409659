"""When the programme office gives an account a new login address, the address cannot be used to take the account
over unnoticed: it is unverified until its owner confirms it (allauth sends the link), the old addresses stop opening
the account, the old address is told, and an account with rights keeps its address unless the superuser moves it."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from lobmatch.accounts import AccountError, change_login_email
from lobmatch.models import Role
from tests.factories import UserFactory
from tests.security.adminforms import admin_form_data

pytestmark = pytest.mark.django_db(transaction=True)  # the confirmation link is sent after commit


@pytest.fixture
def request_of(rf):
    """The admin's request (allauth builds the confirmation link's address from it)."""

    def make(user):
        request = rf.post("/admin/")
        request.user = user
        return request

    return make


def school_account():
    user = UserFactory(email="oud.adres@school.example", first_name="Petra", last_name="de Vries")
    assert EmailAddress.objects.get(user=user).verified  # as the factory makes it: a confirmed login address
    return user


def test_staff_changing_an_address_makes_it_unverified_and_tells_both_addresses(request_of):
    school, staff = school_account(), UserFactory(roles=[Role.STAFF])
    assert change_login_email(school, "Nieuw.Adres@School.example", by=staff, request=request_of(staff)) is True
    school.refresh_from_db()
    assert school.email == "nieuw.adres@school.example"
    assert list(EmailAddress.objects.filter(user=school).values_list("email", "verified", "primary")) == [
        ("nieuw.adres@school.example", False, True)]  # the old address no longer opens the account
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"oud.adres@school.example", "nieuw.adres@school.example"}
    notice = by_address["oud.adres@school.example"]
    assert "gewijzigd in nieuw.adres@school.example" in notice.body and "Beste Petra de Vries" in notice.body
    assert re.search(r"/accounts/confirm-email/\S+", by_address["nieuw.adres@school.example"].body)
    # Logging in is refused until the owner confirms the new address (allauth's mandatory verification).
    client = Client()
    response = client.post(reverse("account_login"), {"login": "nieuw.adres@school.example",
                                                      "password": "correct horse battery"})
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_the_same_address_changes_nothing_and_a_taken_one_is_refused(request_of):
    school, staff = school_account(), UserFactory(roles=[Role.STAFF])
    other = UserFactory(email="bezet@school.example")
    assert change_login_email(school, "OUD.adres@school.example", by=staff, request=request_of(staff)) is False
    with pytest.raises(AccountError, match="hoort al bij een ander account"):
        change_login_email(school, "Bezet@school.example", by=staff, request=request_of(staff))
    assert EmailAddress.objects.get(user=school).verified and other.email == "bezet@school.example"
    assert mail.outbox == []


def test_only_the_superuser_moves_the_address_of_an_account_with_rights(request_of):
    finance, staff = UserFactory(roles=[Role.FINANCE]), UserFactory(roles=[Role.STAFF])
    with pytest.raises(AccountError, match="alleen de beheerder"):
        change_login_email(finance, "elders@example.org", by=staff, request=request_of(staff))
    root = UserFactory(is_superuser=True, is_staff=True)
    assert change_login_email(finance, "elders@example.org", by=root, request=request_of(root))
    assert EmailAddress.objects.get(user=finance).verified is False


def test_the_admin_uses_the_rule_and_says_so(client):
    school, staff = school_account(), UserFactory(roles=[Role.STAFF])
    UserFactory(email="bezet@school.example")
    client.force_login(staff)
    url = reverse("admin:lobmatch_user_change", args=[school.pk])
    data = admin_form_data(client.get(url).content.decode())

    data.update(email=["bezet@school.example"], first_name=["Anouk"])
    response = client.post(url, data)
    assert response.status_code == 200 and "Dit e-mailadres hoort al bij een ander account." in response.content.decode()

    data.update(email=["nieuw.adres@school.example"])
    response = client.post(url, data, follow=True)
    assert "werkt pas als de eigenaar het bevestigt" in response.content.decode()
    school.refresh_from_db()
    assert (school.first_name, school.email) == ("Anouk", "nieuw.adres@school.example")
    assert not EmailAddress.objects.get(user=school).verified
    assert {m.to[0] for m in mail.outbox} == {"oud.adres@school.example", "nieuw.adres@school.example"}


def test_the_notice_speaks_the_language_of_the_account(request_of):
    school, staff = school_account(), UserFactory(roles=[Role.STAFF])
    school.language = "en"
    school.save(update_fields=["language"])
    change_login_email(school, "new.address@school.example", by=staff, request=request_of(staff))
    notice = next(m for m in mail.outbox if m.to == ["oud.adres@school.example"])
    assert "has changed the email address you log in with to new.address@school.example" in notice.body
    assert "Did you not ask for this change?" in notice.body


def test_a_password_reset_link_goes_only_to_a_confirmed_address(request_of):
    """Staff cannot take an account over by typing their own address in and asking for a reset: the unconfirmed
    address gets allauth's 'no account' mail without a link; once the owner confirms it, a reset works as always."""
    school, staff = school_account(), UserFactory(roles=[Role.STAFF])
    change_login_email(school, "overname@elders.example", by=staff, request=request_of(staff))
    mail.outbox.clear()

    def reset_mail():
        mail.outbox.clear()
        response = Client().post(reverse("account_reset_password"), {"email": "overname@elders.example"})
        assert response.status_code == 302
        [message] = mail.outbox
        assert message.to == ["overname@elders.example"]
        return message.body

    assert "/accounts/password/reset/key/" not in reset_mail()
    EmailAddress.objects.filter(user=school).update(verified=True)  # the owner confirmed the new address
    assert "/accounts/password/reset/key/" in reset_mail()


# --- an account's own page of addresses (allauth's /accounts/email/) ----------------------------------------------------

@pytest.mark.parametrize("role", [Role.FINANCE, Role.STAFF])
def test_an_account_with_rights_cannot_add_itself_a_login_address(role):
    """Finance added an address of its choosing, confirmed it from a mail, made it the login address and removed the
    old one: a stolen session became a lasting way in, and nobody was told."""
    user = UserFactory(email=f"{role}@vo-raad.example", roles=[role], is_staff=True)
    client = Client()
    client.force_login(user)
    url = reverse("account_email")
    refused = client.post(url, {"action_add": "", "email": "elders@evil.example"})
    assert refused.status_code == 200
    assert "alleen de beheerder" in refused.content.decode()  # the same words as in the admin
    assert not EmailAddress.objects.filter(email="elders@evil.example").exists()


def test_a_school_contact_adds_an_address_but_not_one_of_another_account():
    user = school_account()
    UserFactory(email="collega@school.example")
    client = Client()
    client.force_login(user)
    url = reverse("account_email")
    taken = client.post(url, {"action_add": "", "email": "Collega@school.example"})
    assert taken.status_code == 200 and "hoort al bij een ander account" in taken.content.decode()
    # an address it may add: the password is asked again first (a session left open is not enough)
    asked = client.post(url, {"action_add": "", "email": "nieuw.adres@school.example"})
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="nieuw.adres@school.example").exists()
    # with the password the add goes on where it was (allauth resumes it): unconfirmed until its owner confirms it
    assert client.post(asked["Location"], {"password": "correct horse battery"}).status_code == 302
    assert EmailAddress.objects.filter(user=user, email="nieuw.adres@school.example", verified=False).exists()


def test_a_changed_password_is_told_to_the_account_in_the_programmes_voice():
    user = school_account()
    client = Client()
    client.force_login(user)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": "correct horse battery", "password1": "een nieuw lang wachtwoord 7",
        "password2": "een nieuw lang wachtwoord 7"})
    assert response.status_code == 302
    told = [m for m in mail.outbox if m.to == ["oud.adres@school.example"]]
    assert len(told) == 1
    body = told[0].body
    assert "Uw wachtwoord is gewijzigd." in body and "Herkent u deze wijziging niet?" in body
    assert "Je " not in body and "You are receiving" not in body


# --- signing up with an address that another account only typed in ------------------------------------------------------

SIGN_UP_PASSWORD = "een-lang-en-sterk-wachtwoord-2026"


def _sign_up(email):
    return Client().post(reverse("account_signup"), {"email": email, "password1": SIGN_UP_PASSWORD,
                                                     "password2": SIGN_UP_PASSWORD})


def test_an_address_another_account_never_confirmed_is_free_to_sign_up_with():
    """A school contact added a colleague's address to their own account (it stays unconfirmed: they cannot open the
    colleague's mail). The colleague must still be able to sign up with it; before, they were told by mail that an
    account existed, and then, asking for a password, that none did."""
    user = school_account()
    EmailAddress.objects.create(user=user, email="collega@school.example", verified=False, primary=False)
    mail.outbox.clear()
    assert _sign_up("Collega@school.example").status_code == 302
    [colleague] = list(type(user).objects.filter(email__iexact="collega@school.example"))
    assert colleague.pk != user.pk
    assert list(EmailAddress.objects.filter(email__iexact="collega@school.example").values_list("user_id", flat=True)) \
        == [colleague.pk]  # the other account's unconfirmed copy went
    [message] = mail.outbox
    assert message.to == ["collega@school.example"] and "Bevestig uw e-mailadres" in message.subject


@pytest.mark.parametrize("how", ["confirmed elsewhere", "login address elsewhere"])
def test_an_address_that_is_really_taken_still_gets_no_second_account(how):
    user = school_account()
    if how == "confirmed elsewhere":
        EmailAddress.objects.create(user=user, email="tweede@school.example", verified=True, primary=False)
        address = "tweede@school.example"
    else:  # e.g. set by the programme office, waiting for its owner's confirmation
        address = "oud.adres@school.example"
        EmailAddress.objects.filter(user=user).update(verified=False)
    mail.outbox.clear()
    assert _sign_up(address).status_code == 302  # the same answer as for a free address (no enumeration)
    assert type(user).objects.filter(email__iexact=address).exclude(pk=user.pk).count() == 0
    assert EmailAddress.objects.filter(email__iexact=address).get().user_id == user.pk
    [message] = mail.outbox
    assert "U heeft al een account" in message.subject
