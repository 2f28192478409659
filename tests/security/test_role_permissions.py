"""The role groups get the permissions of the models each app registers in its AppConfig.ready (the core names no
app): staff run every programme model, but only view the money; finance views claims, batches and attendance."""

import pytest
from django.contrib.auth.models import Group, Permission

from lobmatch.models import Role
from lobmatch.permissions import sync_role_permissions

pytestmark = pytest.mark.django_db


def _held(role):
    return set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))


def test_staff_run_the_models_of_every_app_but_only_view_the_money():
    Group.objects.get(name=Role.STAFF).permissions.clear()
    sync_role_permissions()
    staff = _held(Role.STAFF)
    for app, model in [("lobmatch", "tranche"), ("ambassadors", "goodpractice"), ("partners", "partnerapplication"),
                       ("trajectories", "meeting"), ("trajectories", "adviser")]:
        assert {(app, f"{action}_{model}") for action in ("view", "add", "change", "delete")} <= staff, model
    for model in ("reimbursementclaim", "historicalreimbursementclaim", "exportbatch", "paymentreturn"):
        assert ("trajectories", f"view_{model}") in staff
        assert not {("trajectories", f"{action}_{model}") for action in ("add", "change", "delete")} & staff, model


def test_finance_view_exactly_what_the_matching_side_registered():
    Group.objects.get(name=Role.FINANCE).permissions.set(Permission.objects.filter(codename="change_meeting"))
    sync_role_permissions()
    assert _held(Role.FINANCE) == {("trajectories", f"view_{model}") for model in (
        "reimbursementclaim", "exportbatch", "paymentreturn", "attendance", "meeting", "trajectory")}
