"""Nobody gives themselves more rights: who may do what (roles, superuser, staff flag, permissions, passwords, second
factors, which Celery tasks run with which arguments) is for the superuser alone. Staff edit people's names, their
email address and the schedules of the programme's own tasks, nothing that grants rights."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from playwright.sync_api import expect
from simple_history.admin import SimpleHistoryAdmin

from lobmatch.models import Role, User
from lobmatch.permissions import sync_role_permissions
from tests.factories import UserFactory
from tests.security.adminforms import admin_form_data, post_forms

NEW_PASSWORD = "Overgenomen-door-staf-2026!"
REMINDERS = "lobmatch.tasks.run_reminders"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def rights_world(world):  # noqa: F811
    """The authorisation matrix's world plus a superuser, a second factor of finance and a second crontab."""
    world["users"]["superuser"] = UserFactory(email="beheer@example.org", is_superuser=True, is_staff=True)
    world["authenticator"] = Authenticator.objects.create(user=world["users"]["finance"],
                                                          type=Authenticator.Type.TOTP,
                                                          data={"secret": "JBSWY3DPEHPK3PXP"})
    world["crontab"] = CrontabSchedule.objects.create(minute="30", hour="*", timezone="Europe/Amsterdam")
    return world


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rights() -> dict:
    """Everything that says who may do what, and the login of every account with rights."""
    users = {
        user.pk: {"superuser": user.is_superuser, "staff": user.is_staff, "active": user.is_active,
                  "password": user.password, "email": user.email,
                  "groups": sorted(g.name for g in user.groups.all()),
                  "permissions": sorted(p.codename for p in user.user_permissions.all())}
        for user in User.objects.prefetch_related("groups", "user_permissions")
    }
    groups = {group.name: sorted(p.pk for p in group.permissions.all())
              for group in Group.objects.prefetch_related("permissions")}
    devices = sorted((a.pk, a.user_id, a.type, json.dumps(a.data, sort_keys=True)) for a in Authenticator.objects.all())
    addresses = sorted(EmailAddress.objects.values_list("user_id", "email", "verified", "primary"))
    return {"users": users, "groups": groups, "devices": devices, "addresses": addresses,
            "permissions": Permission.objects.count()}


def hostile(data: dict, grant: bool) -> dict:
    """The form's own data with every rights field a form could have set to grant everything (or take it all)."""
    data = {**data}
    for flag in ("is_superuser", "is_staff", "is_active", "verified", "primary"):
        if grant:
            data[flag] = ["on"]
        else:
            data.pop(flag, None)
    everything = [str(pk) for pk in Group.objects.values_list("pk", flat=True)]
    perms = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    data["groups"] = everything if grant else []
    data["user_permissions"] = perms if grant else []
    data["permissions"] = perms if grant else []
    for name in ("password", "password1", "password2"):
        data[name] = [NEW_PASSWORD]
    data["usable_password"] = ["true"]
    return data


def admin_url(opts, view: str, *args) -> str:
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def action_names(html: str) -> list[str]:
    select = re.search(r'<select name="action"[^>]*>(.*?)</select>', html, re.DOTALL)
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group(1)) if v] if select else []


# --- the role sync after migrate -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_role_sync_gives_staff_no_right_over_rights_or_tasks():
    staff = Group.objects.get(name=Role.STAFF)
    # Someone granted the staff group rights over rights (by hand in the admin, or an older sync did): the next
    # migrate puts the group back.
    staff.permissions.add(*Permission.objects.filter(content_type__app_label__in=["auth", "mfa", "account"]))
    staff.permissions.add(*Permission.objects.filter(codename__in=["add_user", "delete_user", "add_periodictask"]))
    sync_role_permissions()
    held = set(staff.permissions.values_list("content_type__app_label", "codename"))
    assert not {(app, code) for app, code in held if app in ("auth", "mfa", "account")}
    assert ("lobmatch", "change_user") in held  # names and email addresses of people
    assert not held & {("lobmatch", "add_user"), ("lobmatch", "delete_user")}
    beat = {code for app, code in held if app == "django_celery_beat"}
    assert beat == {"view_periodictask", "change_periodictask",
                    *(f"view_{kind}schedule" for kind in ("crontab", "interval", "solar", "clocked")),
                    *(f"{action}_{kind}schedule" for action in ("add", "change") for kind in ("crontab", "interval"))}
    finance = set(Group.objects.get(name=Role.FINANCE).permissions.values_list("codename", flat=True))
    assert finance and all(code.startswith("view_") for code in finance)
    assert not {"view_user", "view_group", "view_authenticator", "view_periodictask"} & finance


# --- the user admin ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_staff_cannot_make_themselves_superuser_or_finance(rights_world):
    """The issue's own steps: tick superuser and the finance group on the own account, then open a finance page."""
    staff = rights_world["users"]["staff"]
    client = login(staff)
    url = reverse("admin:lobmatch_user_change", args=[staff.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="is_superuser"' not in html and 'name="groups"' not in html and 'name="is_staff"' not in html
    data = admin_form_data(html)
    data.update(is_superuser=["on"], is_staff=["on"], is_active=["on"],
                groups=[str(Group.objects.get(name=Role.FINANCE).pk), str(Group.objects.get(name=Role.STAFF).pk)])
    response = client.post(url, data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_superuser and set(staff.groups.values_list("name", flat=True)) == {Role.STAFF}
    assert client.get(reverse("trajectories:finance_claims")).status_code == 403


@pytest.mark.django_db
def test_staff_cannot_set_anyones_password(rights_world):
    finance = rights_world["users"]["finance"]
    client = login(rights_world["users"]["staff"])
    change = client.get(reverse("admin:lobmatch_user_change", args=[finance.pk])).content.decode()
    url = reverse("admin:auth_user_password_change", args=[finance.pk])
    assert url not in change and "password/" not in change
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 403
    finance.refresh_from_db()
    assert not finance.check_password(NEW_PASSWORD)
    assert not Client().login(email=finance.email, password=NEW_PASSWORD)


@pytest.mark.django_db
def test_staff_still_edit_names_and_the_address_of_people_without_rights(rights_world):
    client = login(rights_world["users"]["staff"])
    school, finance = rights_world["users"]["school"], rights_world["users"]["finance"]

    url = reverse("admin:lobmatch_user_change", args=[school.pk])
    data = admin_form_data(client.get(url).content.decode())
    data.update(first_name=["Anouk"], email=["nieuw.adres@example.org"])
    assert client.post(url, data).status_code == 302
    school.refresh_from_db()
    assert (school.first_name, school.email) == ("Anouk", "nieuw.adres@example.org")

    # The login address of an account with rights is its door (password reset): only the superuser moves it.
    url = reverse("admin:lobmatch_user_change", args=[finance.pk])
    html = client.get(url).content.decode()
    assert 'name="email"' not in html and finance.email in html
    data = admin_form_data(html)
    data.update(first_name=["Femke"], email=["staf.zelf@example.org"])
    assert client.post(url, data).status_code == 302
    finance.refresh_from_db()
    assert finance.first_name == "Femke" and finance.email != "staf.zelf@example.org"


@pytest.mark.django_db
def test_the_rights_admins_refuse_staff_even_when_their_group_was_given_the_permissions(rights_world):
    """The admins of rights ask for the superuser, not for a permission a group could be given by mistake."""
    staff = rights_world["users"]["staff"]
    staff.groups.get(name=Role.STAFF).permissions.add(*Permission.objects.filter(
        content_type__app_label__in=["auth", "mfa", "account", "lobmatch", "django_celery_beat"]))
    client = login(staff)
    finance = rights_world["users"]["finance"]
    group = Group.objects.get(name=Role.FINANCE)
    address = EmailAddress.objects.get(user=finance)
    refused = [
        reverse("admin:auth_group_changelist"), reverse("admin:auth_group_add"),
        reverse("admin:auth_group_change", args=[group.pk]), reverse("admin:auth_group_delete", args=[group.pk]),
        reverse("admin:mfa_authenticator_changelist"),
        reverse("admin:mfa_authenticator_change", args=[rights_world["authenticator"].pk]),
        reverse("admin:mfa_authenticator_delete", args=[rights_world["authenticator"].pk]),
        reverse("admin:account_emailaddress_changelist"),
        reverse("admin:account_emailaddress_change", args=[address.pk]),
        reverse("admin:lobmatch_user_add"), reverse("admin:lobmatch_user_delete", args=[finance.pk]),
        reverse("admin:auth_user_password_change", args=[finance.pk]),
        reverse("admin:django_celery_beat_periodictask_add"),
    ]
    before = rights()
    for url in refused:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"post": "yes", "name": "x", "permissions": [1], "password1": NEW_PASSWORD,
                                 "password2": NEW_PASSWORD}).status_code == 403, url
    assert rights() == before


def test_every_admin_of_rights_asks_for_the_superuser():
    """Whatever the auth, mfa and account apps (or a later version of them) register in the admin is the
    superuser's: groups, second factors, login addresses, and email confirmations if those get an admin."""
    from lobmatch.admin import SuperuserOnlyAdmin

    rights_admins = {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()
                     if model._meta.app_label in ("auth", "mfa", "account", "socialaccount", "usersessions")}
    assert {"auth.Group", "mfa.Authenticator", "account.EmailAddress"} <= set(rights_admins)
    assert Permission not in admin.site._registry
    for label, model_admin in rights_admins.items():
        assert isinstance(model_admin, SuperuserOnlyAdmin), label


# --- every admin path ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_no_admin_path_lets_staff_change_rights(rights_world):
    """Walk the whole admin registry as staff: every form they can open is posted back with every rights field set
    (and once with every right taken away), every action is run on every row, every history revert and password
    form is tried. Afterwards nobody's rights, password, second factor or login address has changed."""
    staff = rights_world["users"]["staff"]
    client = login(staff)
    before = rights()
    reached, saved_users, problems = set(), set(), []

    def post(url, data, what):
        response = client.post(url, data)
        if response.status_code >= 500:
            problems.append(f"{what}: {response.status_code}")
        return response

    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if client.get(admin_url(opts, "changelist")).status_code != 200:
            continue
        reached.add(opts.label_lower)
        add = client.get(admin_url(opts, "add"))
        if add.status_code == 200:
            for grant in (True, False):
                post(admin_url(opts, "add"), {**hostile(admin_form_data(add.content.decode()), grant), "_save": ""},
                     f"{opts.label} add")
        objects = model._default_manager.order_by("pk")
        for obj in (objects if model is User else objects[:2]):
            url = admin_url(opts, "change", obj.pk)
            page = client.get(url)
            if page.status_code == 200 and 'name="_save"' in page.content.decode():
                for grant in (True, False):
                    response = post(url, {**hostile(admin_form_data(page.content.decode()), grant), "_save": ""},
                                    f"{opts.label} change {obj.pk}")
                    if model is User:
                        assert response.status_code == 302, (obj, response.context and
                                                              response.context["adminform"].form.errors)
                        saved_users.add(obj.pk)
            if isinstance(model_admin, SimpleHistoryAdmin):
                record = obj.history.order_by("history_id").first()
                if record is not None:
                    revert = admin_url(opts, "simple_history", obj.pk, record.history_id)
                    page = client.get(revert)
                    data = admin_form_data(page.content.decode()) if page.status_code == 200 else {}
                    assert post(revert, hostile(data, True), f"{opts.label} revert").status_code in (403, 404)
        if model is User:
            for user in User.objects.all():
                url = reverse("admin:auth_user_password_change", args=[user.pk])
                assert client.get(url).status_code == 403
                assert post(url, hostile({}, True), "password").status_code == 403
        changelist = client.get(admin_url(opts, "changelist")).content.decode()
        pks = [str(pk) for pk in objects.values_list("pk", flat=True)]
        for action in action_names(changelist):
            response = post(admin_url(opts, "changelist"), {"action": action, "_selected_action": pks,
                                                            "index": "0", "select_across": "0"},
                            f"{opts.label} action {action}")
            # An action that asks first (delete, reject with a reason): answer its form as it stands.
            if response.status_code == 200:
                for form in post_forms(response.content.decode()):
                    if "action" in form["data"]:
                        post(admin_url(opts, "changelist"), hostile(form["data"], True),
                             f"{opts.label} action {action} confirmed")

    assert not problems, problems
    assert {"lobmatch.user", "django_celery_beat.periodictask", "django_celery_beat.crontabschedule",
            "partners.partnerapplication", "trajectories.trajectory", "ambassadors.ambassadorschool"} <= reached
    assert not {"auth.group", "mfa.authenticator", "account.emailaddress"} & reached
    assert saved_users == set(User.objects.values_list("pk", flat=True))  # every account's form was saved
    assert rights() == before


# --- periodic tasks ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_staff_change_when_a_programme_task_runs_but_not_what_it_runs_nor_whether(rights_world):
    task = PeriodicTask.objects.get(task=REMINDERS)
    before = PeriodicTask.objects.values().get(pk=task.pk)
    assert before["enabled"] is True
    client = login(rights_world["users"]["staff"])
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    html = client.get(url).content.decode()
    for field in ("name", "regtask", "task", "args", "kwargs", "queue", "exchange", "routing_key", "headers",
                  "expires", "expire_seconds", "priority", "enabled", "one_off", "clocked"):
        assert f'name="{field}"' not in html, field
    for field in ("crontab", "interval", "start_time_0"):
        assert f'name="{field}"' in html, field
    data = admin_form_data(html)
    data.update(crontab=[str(rights_world["crontab"].pk)], name=["Mijn taak"], regtask=["lobmatch.tasks.run_one"],
                task=["lobmatch.tasks.run_one"], args=['["finance_digest"]'], kwargs=['{"x": 1}'],
                queue=["elders"], headers=['{"a": 1}'], one_off=["on"], _save=[""])
    assert "enabled" not in data  # a checkbox left out of a post is a task switched off, had staff the field
    assert client.post(url, data).status_code == 302
    after = PeriodicTask.objects.values().get(pk=task.pk)
    assert after["crontab_id"] == rights_world["crontab"].pk
    for field in ("name", "task", "args", "kwargs", "queue", "exchange", "routing_key", "headers", "expire_seconds",
                  "priority", "interval_id", "solar_id", "clocked_id", "enabled", "one_off"):
        assert after[field] == before[field], field


@pytest.mark.django_db
def test_the_task_page_tells_staff_only_what_they_can_do(rights_world):
    """Staff see "Actief" read-only and cannot choose a clocked or solar schedule: their help texts say so, where the
    superuser's page tells them to untick the box or to set one kind of schedule."""
    task = PeriodicTask.objects.get(task=REMINDERS)
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])

    def help_text(html, field):
        found = re.search(rf'field-{field}\b.*?<div class="help"[^>]*>(?:\s*<div>)?(.*?)</div>', html, re.S)
        return found.group(1).strip()

    staff = login(rights_world["users"]["staff"]).get(url).content.decode()
    assert help_text(staff, "enabled") == ("Of de taak draait, beslist de beheerder. U kiest wanneer ze draait: bij "
                                           "Planning.")
    assert help_text(staff, "clocked").startswith("Een vast tijdstip kiest alleen de beheerder")
    assert help_text(staff, "solar").startswith("Een zonnestand kiest alleen de beheerder")
    # the seconds a run may wait for a worker are not the seconds after which the schedule stops
    assert help_text(staff, "expire_seconds") == "Een run die niet binnen zoveel seconden begint, vervalt."
    # the limits staff meet when they save (see the tests below) are told before they do
    assert help_text(staff, "start_time").endswith("hoogstens een uur vooruit, of leeg.")
    assert "hoogstens een uur" in help_text(staff, "interval") and "minstens elk uur" in help_text(staff, "crontab")
    crontab = reverse("admin:django_celery_beat_crontabschedule_change", args=[task.crontab_id])
    staff_crontab = login(rights_world["users"]["staff"]).get(crontab).content.decode()
    for field in ("hour", "day_of_month", "month_of_year", "day_of_week"):
        assert help_text(staff_crontab, field).startswith("Altijd “*”"), field
    dispatch = PeriodicTask.objects.get(task="lobmatch.tasks.dispatch_pending")
    interval = reverse("admin:django_celery_beat_intervalschedule_change", args=[dispatch.interval_id])
    staff_interval = login(rights_world["users"]["staff"]).get(interval).content.decode()
    assert help_text(staff_interval, "every").startswith("Aantal perioden tussen twee runs, samen hoogstens een uur")
    assert help_text(staff_interval, "period").endswith("samen met het aantal hoogstens een uur.")
    superuser = login(rights_world["users"]["superuser"]).get(url).content.decode()
    assert help_text(superuser, "enabled") == "Uitvinken om de planning stil te zetten"
    assert "Stel maar één soort planning in" in help_text(superuser, "solar")
    assert "Altijd" not in help_text(login(rights_world["users"]["superuser"]).get(crontab).content.decode(), "hour")


@pytest.mark.django_db
def test_staff_cannot_add_delete_run_or_switch_off_tasks(rights_world, monkeypatch):
    from celery.app.task import Task

    sent = []
    monkeypatch.setattr(Task, "apply_async", lambda self, *a, **kw: sent.append(self.name))
    client = login(rights_world["users"]["staff"])
    task = PeriodicTask.objects.get(task=REMINDERS)
    assert client.get(reverse("admin:django_celery_beat_periodictask_add")).status_code == 403
    assert client.post(reverse("admin:django_celery_beat_periodictask_add"), {
        "name": "x", "task": "lobmatch.tasks.run_one", "args": '["finance_digest"]', "kwargs": "{}",
        "interval": IntervalSchedule.objects.first().pk}).status_code == 403
    assert client.post(reverse("admin:django_celery_beat_periodictask_delete", args=[task.pk]),
                       {"post": "yes"}).status_code == 403
    changelist = reverse("admin:django_celery_beat_periodictask_changelist")
    actions = action_names(client.get(changelist).content.decode())
    assert not {"run_tasks", "delete_selected", "enable_tasks", "disable_tasks", "toggle_tasks"} & set(actions)
    for action in ("run_tasks", "disable_tasks", "toggle_tasks"):
        client.post(changelist, {"action": action, "_selected_action": [task.pk], "index": "0"})
    assert sent == []
    assert PeriodicTask.objects.get(pk=task.pk).enabled is True
    crontab = rights_world["crontab"]
    assert client.post(reverse("admin:django_celery_beat_crontabschedule_delete", args=[crontab.pk]),
                       {"post": "yes"}).status_code == 403


DELAYS = "Dit schema laat zijn taken langer dan een uur wachten."


@pytest.mark.django_db
def test_staff_cannot_set_a_schedule_that_delays_reminders(rights_world):
    """Re-timing is theirs, delaying the reminders is not: a schedule row staff change or add, or choose for a task,
    runs its tasks at least every hour. A reminder goes out at the first run after its moment (09:00 the day before a
    meeting that may start at 07:00): a daily or weekly row sends it after the meeting, "every 100000 days" or
    "0 0 31 2 *" never."""
    client = login(rights_world["users"]["staff"])
    task = PeriodicTask.objects.get(task=REMINDERS)
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    url = reverse("admin:django_celery_beat_intervalschedule_change", args=[interval.pk])
    data = admin_form_data(client.get(url).content.decode())
    for every, period in (("2", "hours"), ("61", "minutes"), ("1", "days"), ("100000", "days")):
        refused = client.post(url, {**data, "every": [every], "period": [period], "_save": [""]})
        assert refused.status_code == 200 and DELAYS in refused.content.decode(), (every, period)
        assert IntervalSchedule.objects.get(pk=interval.pk).every == 1
    assert client.post(url, {**data, "every": ["60"], "period": ["minutes"], "_save": [""]}).status_code == 302
    crontab = CrontabSchedule.objects.get(pk=task.crontab_id)
    url = reverse("admin:django_celery_beat_crontabschedule_change", args=[crontab.pk])
    data = admin_form_data(client.get(url).content.decode())
    for field, value in (("hour", "9"), ("hour", "*/2"), ("day_of_week", "1"), ("day_of_month", "1,15"),
                         ("month_of_year", "2")):
        refused = client.post(url, {**data, field: [value], "_save": [""]})
        assert refused.status_code == 200 and DELAYS in refused.content.decode(), (field, value)
        assert getattr(CrontabSchedule.objects.get(pk=crontab.pk), field) == "*"
    add = reverse("admin:django_celery_beat_crontabschedule_add")
    added = client.post(add, {**admin_form_data(client.get(add).content.decode()), "minute": ["15,45"], "hour": ["*"],
                              "day_of_month": ["*"], "month_of_year": ["*"], "day_of_week": ["*"], "_save": [""]})
    assert added.status_code == 302  # at a quarter past and to: re-timed, still every hour
    # a daily row the superuser made is not for staff to choose for a task
    daily = CrontabSchedule.objects.create(minute="0", hour="9", timezone="Europe/Amsterdam")
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    data = admin_form_data(client.get(url).content.decode())
    refused = client.post(url, {**data, "crontab": [str(daily.pk)], "_save": [""]})
    assert refused.status_code == 200 and DELAYS in refused.content.decode()
    assert PeriodicTask.objects.get(pk=task.pk).crontab_id == crontab.pk
    # solar and clocked rows staff only see
    assert client.get(reverse("admin:django_celery_beat_solarschedule_add")).status_code == 403
    assert client.get(reverse("admin:django_celery_beat_clockedschedule_add")).status_code == 403


@pytest.mark.django_db
def test_staff_cannot_start_a_task_so_late_that_reminders_wait(rights_world):
    """Until its start a task does not run, as in a gap of its schedule: staff let it start within the hour."""
    client = login(rights_world["users"]["staff"])
    task = PeriodicTask.objects.get(task=REMINDERS)
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=AMSTERDAM), tick=False):
        data = admin_form_data(client.get(url).content.decode())
        for day, time in (("16-03-2026", "11:05:00"), ("17-03-2026", "09:00:00"), ("01-01-2035", "09:00:00")):
            refused = client.post(url, {**data, "start_time_0": [day], "start_time_1": [time], "_save": [""]})
            assert refused.status_code == 200, (day, time)
            assert "Tot de begintijd draait de taak niet." in refused.content.decode()
            assert PeriodicTask.objects.get(pk=task.pk).start_time is None
        saved = client.post(url, {**data, "start_time_0": ["16-03-2026"], "start_time_1": ["10:55:00"], "_save": [""]})
        assert saved.status_code == 302
    assert PeriodicTask.objects.get(pk=task.pk).start_time == dt.datetime(2026, 3, 16, 10, 55, tzinfo=AMSTERDAM)


# --- the superuser can still do everything -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_superuser_still_grants_every_right(rights_world, monkeypatch):
    client = login(rights_world["users"]["superuser"])
    staff, finance = rights_world["users"]["staff"], rights_world["users"]["finance"]
    finance_group = Group.objects.get(name=Role.FINANCE)

    url = reverse("admin:lobmatch_user_change", args=[staff.pk])
    data = admin_form_data(client.get(url).content.decode())
    data.update(is_superuser=["on"], groups=[str(Group.objects.get(name=Role.STAFF).pk), str(finance_group.pk)],
                email=["staf.nieuw@example.org"])
    assert client.post(url, data).status_code == 302
    staff.refresh_from_db()
    assert staff.is_superuser and staff.has_role(Role.FINANCE) and staff.email == "staf.nieuw@example.org"

    url = reverse("admin:auth_user_password_change", args=[finance.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                             "usable_password": "true"}).status_code == 302
    finance.refresh_from_db()
    assert finance.check_password(NEW_PASSWORD)

    assert client.post(reverse("admin:lobmatch_user_add"), {
        "email": "nieuw@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true",
        "groups": [finance_group.pk]}).status_code == 302
    assert User.objects.get(email="nieuw@example.org").has_role(Role.FINANCE)

    url = reverse("admin:auth_group_change", args=[finance_group.pk])
    data = admin_form_data(client.get(url).content.decode())
    extra = Permission.objects.get(codename="view_user")
    data["permissions"] = [*data.get("permissions", []), str(extra.pk)]
    assert client.post(url, data).status_code == 302
    assert finance_group.permissions.filter(pk=extra.pk).exists()

    device = rights_world["authenticator"]
    assert client.get(reverse("admin:mfa_authenticator_changelist")).status_code == 200
    assert client.post(reverse("admin:mfa_authenticator_delete", args=[device.pk]), {"post": "yes"}).status_code == 302
    assert not Authenticator.objects.filter(pk=device.pk).exists()
    address = EmailAddress.objects.get(user=finance)
    assert client.get(reverse("admin:account_emailaddress_change", args=[address.pk])).status_code == 200

    add = reverse("admin:django_celery_beat_periodictask_add")
    data = admin_form_data(client.get(add).content.decode())
    data.update(name=["Digest nu"], regtask=["lobmatch.tasks.run_one"], args=['["finance_digest"]'],
                interval=[str(IntervalSchedule.objects.first().pk)], enabled=["on"], _save=[""])
    assert client.post(add, data).status_code == 302
    added = PeriodicTask.objects.get(name="Digest nu")
    assert (added.task, added.args) == ("lobmatch.tasks.run_one", '["finance_digest"]')
    changelist = reverse("admin:django_celery_beat_periodictask_changelist")
    assert "run_tasks" in action_names(client.get(changelist).content.decode())
    assert client.post(reverse("admin:django_celery_beat_periodictask_delete", args=[added.pk]),
                       {"post": "yes"}).status_code == 302


# --- the pages staff open work under the CSP -------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_the_periodic_task_page_works_under_the_csp(who, live_server, page, assert_accessible):
    user = UserFactory(roles=[Role.STAFF]) if who == "staff" else UserFactory(is_superuser=True, is_staff=True)
    hourly = CrontabSchedule.objects.create(minute="0", hour="*", timezone="Europe/Amsterdam")
    other = CrontabSchedule.objects.create(minute="30", hour="*", timezone="Europe/Amsterdam")
    task = PeriodicTask.objects.create(name="Herinneringen", task=REMINDERS, crontab=hourly)  # (a flushed database)
    client = login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text else None)
    change = live_server.url + reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    add = live_server.url + reverse("admin:django_celery_beat_periodictask_add")

    if who == "superuser":  # the add page is the superuser's alone
        response = page.goto(add)
        assert response is not None and response.status == 200
        expect(page.locator("#id_regtask")).to_be_visible()
    response = page.goto(change)
    assert response is not None and response.status == 200
    in_words = page.locator(".field-crontab_translation .readonly")
    expect(in_words).to_have_text("Elk uur Europe/Amsterdam")
    page.select_option("#id_crontab", str(other.pk))
    expect(in_words).to_have_text("Op 30 minuten na het uur Europe/Amsterdam")  # the script ran: the CSP let it
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert PeriodicTask.objects.get(pk=task.pk).crontab_id == other.pk
    # (before axe runs: its injected code sets inline styles of its own, which the CSP reports too)
    assert not csp_errors, "\n".join(csp_errors)
    for url in ([add] if who == "superuser" else []) + [change]:
        page.goto(url)
        assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_pages_of_people_and_schedules_work_for_staff_under_the_csp(live_server, page, assert_accessible):
    staff = UserFactory(roles=[Role.STAFF])
    person = UserFactory(roles=[Role.SCHOOL_CONTACT], first_name="Sanne")
    crontab = CrontabSchedule.objects.create(minute="0", hour="9", timezone="Europe/Amsterdam")
    PeriodicTask.objects.create(name="Herinneringen", task=REMINDERS, crontab=crontab)
    client = login(staff)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text else None)
    urls = [reverse("admin:lobmatch_user_changelist"), reverse("admin:lobmatch_user_change", args=[staff.pk]),
            reverse("admin:django_celery_beat_periodictask_changelist"),
            reverse("admin:django_celery_beat_crontabschedule_add"),
            reverse("admin:django_celery_beat_crontabschedule_change", args=[crontab.pk]),
            reverse("admin:lobmatch_user_change", args=[person.pk])]
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
    page.fill("#id_first_name", "Sanna")  # the person form of the last page, saved in the browser
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    person.refresh_from_db()
    assert person.first_name == "Sanna"
    assert not csp_errors, "\n".join(csp_errors)  # (before axe, whose own inline styles the CSP reports too)
    failures = []
    for url in urls:
        page.goto(live_server.url + url)
        try:
            assert_accessible(page)
        except pytest.fail.Exception as exc:
            failures.append(str(exc))
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_staff_cannot_hand_an_advisers_trajectories_to_another_account(rights_world):
    """Moving an adviser profile to another account gave that account every trajectory of the adviser (their
    working groups' hours included): a right, which only the superuser grants."""
    adviser = rights_world["trajectory"].adviser
    before = adviser.user_id
    someone = UserFactory(email="iemand@example.org")
    url = reverse("admin:trajectories_adviser_change", args=[adviser.pk])
    staff = login(rights_world["users"]["staff"])
    html = staff.get(url).content.decode()
    assert 'name="user"' not in html  # shown, not editable
    data = admin_form_data(html)
    data.update(user=[str(someone.pk)], _save=[""])
    staff.post(url, data)
    adviser.refresh_from_db()
    assert adviser.user_id == before
    superuser = login(rights_world["users"]["superuser"])
    assert 'name="user"' in superuser.get(url).content.decode()
