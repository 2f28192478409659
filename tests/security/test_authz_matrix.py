"""Every URL of the project × every role, with the expected status. A new URL without an entry fails."""


import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import (
    UserFactory,
)
from tests.security.url_matrix import EXPECTED, ROLES, url_names


def test_every_url_has_an_entry():
    missing = sorted(set(url_names()) - set(EXPECTED))
    assert not missing, f"add these URLs to the authorisation matrix: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_as_every_role(client, world, name):
    method, kwargs, expected = EXPECTED[name]
    # Roles that may change state go last, so earlier roles see the world unchanged. The address is built for each
    # role: a removal's builder gives each role something of its own to remove.
    order = sorted(ROLES, key=lambda r: expected[r] in (200, 302, 400) and r != "anonymous")
    got = {}
    for role in order:
        url = reverse(name, kwargs=kwargs(world))
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        response = getattr(client, method)(url)
        got[role] = response.status_code
        if role == "anonymous" and expected[role] == 302 and response.status_code == 302:
            assert "/accounts/login/" in response["Location"] or name == "set_language", (name, response["Location"])
    assert got == {role: expected[role] for role in order}, name


# --- the admin pages of rights and schedules ---------------------------------------------------------------------------
# Who may do what (people's rights, roles, permissions, passwords, second factors, which tasks run) is the superuser's
# alone; staff edit people's names and re-time the programme's tasks. Every other role never gets into the admin
# (redirected to its login). name or path: (args-builder, status for staff, status for the superuser)
ADMIN_ROLES = [*ROLES, "superuser"]
ADMIN_EXPECTED = {
    "admin:lobmatch_user_changelist": (lambda w: [], 200, 200),
    "admin:lobmatch_user_add": (lambda w: [], 403, 200),
    "admin:lobmatch_user_change": (lambda w: [w["users"]["finance"].pk], 200, 200),
    "admin:auth_user_password_change": (lambda w: [w["users"]["finance"].pk], 403, 200),
    "admin:lobmatch_user_history": (lambda w: [w["users"]["finance"].pk], 200, 200),
    "admin:lobmatch_user_delete": (lambda w: [w["users"]["finance"].pk], 403, 200),
    "admin:auth_group_changelist": (lambda w: [], 403, 200),
    "admin:auth_group_add": (lambda w: [], 403, 200),
    "admin:auth_group_change": (lambda w: [w["group"].pk], 403, 200),
    "admin:auth_group_history": (lambda w: [w["group"].pk], 403, 200),
    "admin:auth_group_delete": (lambda w: [w["group"].pk], 403, 200),
    "/admin/auth/permission/": (lambda w: [], 404, 404),  # no admin edits permissions one by one
    "/admin/auth/permission/1/change/": (lambda w: [], 404, 404),
    "admin:mfa_authenticator_changelist": (lambda w: [], 403, 200),
    "admin:mfa_authenticator_change": (lambda w: [w["authenticator"].pk], 403, 200),
    "admin:mfa_authenticator_history": (lambda w: [w["authenticator"].pk], 403, 200),
    "admin:mfa_authenticator_delete": (lambda w: [w["authenticator"].pk], 403, 200),
    "admin:account_emailaddress_changelist": (lambda w: [], 403, 200),
    "admin:account_emailaddress_change": (lambda w: [w["address"].pk], 403, 200),
    "admin:django_celery_beat_periodictask_changelist": (lambda w: [], 200, 200),
    "admin:django_celery_beat_periodictask_add": (lambda w: [], 403, 200),
    "admin:django_celery_beat_periodictask_change": (lambda w: [w["periodic_task"].pk], 200, 200),
    "admin:django_celery_beat_periodictask_history": (lambda w: [w["periodic_task"].pk], 200, 200),
    "admin:django_celery_beat_periodictask_delete": (lambda w: [w["periodic_task"].pk], 403, 200),
    "admin:django_celery_beat_crontabschedule_changelist": (lambda w: [], 200, 200),
    "admin:django_celery_beat_crontabschedule_add": (lambda w: [], 200, 200),
    "admin:django_celery_beat_crontabschedule_change": (lambda w: [w["periodic_task"].crontab_id], 200, 200),
    "admin:django_celery_beat_crontabschedule_delete": (lambda w: [w["periodic_task"].crontab_id], 403, 200),
    "admin:django_celery_beat_intervalschedule_changelist": (lambda w: [], 200, 200),
    "admin:django_celery_beat_intervalschedule_add": (lambda w: [], 200, 200),
    # the stable link to the matching page of the current tranche (staff: a redirect into the admin)
    "admin:trajectories_matching_current": (lambda w: [], 302, 302),
}


@pytest.fixture
def admin_world(world):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    world["users"]["superuser"] = UserFactory(is_superuser=True, is_staff=True)
    world["group"] = Group.objects.get(name=Role.FINANCE)
    world["authenticator"] = Authenticator.objects.create(user=world["users"]["finance"], type=Authenticator.Type.TOTP,
                                                          data={"secret": "JBSWY3DPEHPK3PXP"})
    world["address"] = EmailAddress.objects.get(user=world["users"]["finance"])
    world["periodic_task"] = PeriodicTask.objects.create(
        name="Matrix", task="lobmatch.tasks.run_reminders",
        crontab=CrontabSchedule.objects.create(minute="0", hour="9", timezone="Europe/Amsterdam"))
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ADMIN_EXPECTED))
def test_admin_rights_page_as_every_role(client, admin_world, name):
    args, staff, superuser = ADMIN_EXPECTED[name]
    url = name if name.startswith("/") else reverse(name, args=args(admin_world))
    expected = {**dict.fromkeys(ADMIN_ROLES, 302), "staff": staff, "superuser": superuser}
    got = {}
    for role in ADMIN_ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(admin_world["users"][role])
        response = client.get(url)
        got[role] = response.status_code
        if response.status_code == 302 and role not in ("staff", "superuser"):
            assert response["Location"].startswith(reverse("admin:login")), (role, response["Location"])
        elif response.status_code == 302:
            assert response["Location"].startswith("/admin/trajectories/trajectory/koppelen/"), response["Location"]
    assert got == expected, name
