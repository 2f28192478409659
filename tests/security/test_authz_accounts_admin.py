"""The rest of the URL space, which the main matrix leaves out: allauth's account pages and the admin, as every role.
A new account URL without an entry fails; no role but staff (and the administrator) ever gets into the admin."""

import pytest
from django.contrib import admin
from django.urls import URLResolver, get_resolver, reverse

from tests.security.url_matrix import ROLES

LOGGED_IN = [role for role in ROLES if role != "anonymous"]

# name: (kwargs, status for anonymous, status for every logged-in role)
ACCOUNTS = {
    "account_login": ({}, 200, 302),
    "account_logout": ({}, 302, 200),
    "account_inactive": ({}, 200, 200),
    "account_signup": ({}, 200, 302),
    "account_reauthenticate": ({}, 302, 200),
    "account_email": ({}, 302, 200),
    "account_email_verification_sent": ({}, 200, 200),
    "account_change_password": ({}, 302, 200),
    "account_set_password": ({}, 302, 302),
    "account_reset_password": ({}, 200, 200),
    "account_confirm_login_code": ({}, 302, 302),
    "account_confirm_email": ({"key": "no-such-key"}, 200, 200),
    "account_reset_password_from_key_done": ({}, 200, 200),
    "account_reset_password_from_key": ({"uidb36": "1", "key": "no-such-key"}, 200, 200),
    "account_reset_password_done": ({}, 200, 200),
    "mfa_index": ({}, 302, 200),
    "mfa_authenticate": ({}, 302, 302),
    "mfa_reauthenticate": ({}, 302, 302),
    "mfa_activate_totp": ({}, 302, 302),  # logged in: first confirm the password (reauthenticate)
    "mfa_deactivate_totp": ({}, 302, 404),  # nothing to deactivate yet
    "mfa_view_recovery_codes": ({}, 302, 404),
    "mfa_generate_recovery_codes": ({}, 302, 302),
    "mfa_download_recovery_codes": ({}, 302, 404),
}


def account_url_names():
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    return {name for path, name in walk(get_resolver()) if path.startswith("accounts/")}


def test_every_account_url_has_an_entry():
    assert account_url_names() == set(ACCOUNTS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCOUNTS))
def test_account_url_as_every_role(client, world, name):  # noqa: F811
    kwargs, anonymous, logged_in = ACCOUNTS[name]
    url = reverse(name, kwargs=kwargs)
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        got[role] = client.get(url).status_code
    assert got == {role: anonymous if role == "anonymous" else logged_in for role in ROLES}


def admin_urls(world):  # noqa: F811
    urls = [reverse("admin:index"), reverse("admin:trajectories_matching", args=[world["trajectory"].tranche_id])]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role != "staff"])
def test_nobody_but_staff_gets_into_the_admin(client, world, role):  # noqa: F811
    if role != "anonymous":
        client.force_login(world["users"][role])
    for url in admin_urls(world):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), (role, url)


@pytest.mark.django_db
def test_staff_reach_the_programme_but_not_roles_logins_or_money_changes(client, world):  # noqa: F811
    client.force_login(world["users"]["staff"])
    for name in ("partners_partnerapplication", "trajectories_trajectory", "lobmatch_tranche",
                 "ambassadors_goodpractice", "trajectories_adviser"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    for name in ("auth_group", "account_emailaddress", "mfa_authenticator"):  # roles, login addresses, 2nd factors
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403, name
    claim = reverse("admin:trajectories_reimbursementclaim_change", args=[world["claim"].pk])
    page = client.get(claim)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only: finance decides
    assert client.post(claim, {"status": "approved"}).status_code == 403
    statuses = {url: client.get(url).status_code for url in admin_urls(world)}
    assert set(statuses.values()) <= {200, 403}, statuses
