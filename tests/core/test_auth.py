import pytest
from django.test import override_settings
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.mark.django_db
class TestLogin:
    def test_login_with_email(self, client):
        UserFactory(email="petra@example.org", roles=[Role.SCHOOL_CONTACT])
        response = client.post(reverse("account_login"), {"login": "Petra@Example.org", "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse("start")).status_code == 200

    def test_wrong_password_is_refused_with_a_message(self, client):
        UserFactory(email="petra@example.org")
        response = client.post(reverse("account_login"), {"login": "petra@example.org", "password": "nope"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    def test_unverified_email_is_blocked(self, client, mailoutbox):
        UserFactory(email="new@example.org", verified=False)
        response = client.post(reverse("account_login"), {"login": "new@example.org", "password": PASSWORD})
        assert "_auth_user_id" not in client.session
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert response["Location"] == reverse("account_email_verification_sent")
        else:
            assert "account/verification_sent.html" in [t.name for t in response.templates]
        assert [m.to for m in mailoutbox] == [["new@example.org"]]
        assert client.get(reverse("start")).status_code == 302

    def test_failed_logins_are_rate_limited(self, client):
        UserFactory(email="petra@example.org")
        for _ in range(5):
            client.post(reverse("account_login"), {"login": "petra@example.org", "password": "wrong"})
        response = client.post(reverse("account_login"), {"login": "petra@example.org", "password": PASSWORD})
        assert "_auth_user_id" not in client.session
        assert response.status_code in (200, 429)

    def test_start_page_requires_login(self, client):
        response = client.get(reverse("start"))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.django_db
class TestAdminLogin:
    def test_admin_login_goes_through_allauth(self, client):
        response = client.get("/admin/login/?next=/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    @override_settings(LOBMATCH_REQUIRE_MFA=True)
    def test_staff_without_second_factor_cannot_reach_admin(self, client):
        UserFactory(email="staf@example.org", roles=[Role.STAFF])
        client.post(reverse("account_login"), {"login": "staf@example.org", "password": PASSWORD})
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")

    @override_settings(LOBMATCH_REQUIRE_MFA=True)
    def test_finance_without_second_factor_is_sent_to_mfa_setup(self, client):
        UserFactory(email="fin@example.org", roles=[Role.FINANCE])
        client.post(reverse("account_login"), {"login": "fin@example.org", "password": PASSWORD})
        assert client.get(reverse("start"))["Location"] == reverse("mfa_activate_totp")

    @override_settings(LOBMATCH_REQUIRE_MFA=True)
    def test_staff_with_totp_reaches_admin(self, client):
        from allauth.mfa.models import Authenticator

        user = UserFactory(email="staf@example.org", roles=[Role.STAFF])
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
        client.force_login(user)
        assert client.get("/admin/").status_code == 200

    @override_settings(LOBMATCH_REQUIRE_MFA=True)
    def test_school_contact_needs_no_second_factor(self, client):
        UserFactory(email="school@example.org", roles=[Role.SCHOOL_CONTACT])
        client.post(reverse("account_login"), {"login": "school@example.org", "password": PASSWORD})
        assert client.get(reverse("start")).status_code == 200

    def test_school_contact_is_not_admin_staff(self, client):
        user = UserFactory(roles=[Role.SCHOOL_CONTACT])
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302


def test_production_settings_enforce_mfa_and_security(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("ALLOWED_HOSTS", "lobmatch.example.org")
    sys.modules.pop("lobmatch.settings.production", None)
    prod = importlib.import_module("lobmatch.settings.production")
    assert prod.LOBMATCH_REQUIRE_MFA is True
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE and prod.SECURE_HSTS_SECONDS >= 31_536_000
    assert prod.DEBUG is False


def test_production_refuses_a_weak_secret(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("ALLOWED_HOSTS", "lobmatch.example.org")
    sys.modules.pop("lobmatch.settings.production", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("lobmatch.settings.production")
    sys.modules.pop("lobmatch.settings.production", None)
