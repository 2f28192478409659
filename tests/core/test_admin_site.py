"""The programme's admin site: titled for the programme, no navigation sidebar, and no model list built for it on
every page while the admin home still lists every model a staff member may use."""

import pytest
from django.contrib import admin
from django.contrib.admin.sites import AdminSite as DjangoAdminSite
from django.test import RequestFactory
from django.urls import reverse

from lobmatch.admin_site import AdminSite
from lobmatch.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_the_default_admin_site_is_the_programmes():
    assert isinstance(admin.site, AdminSite)
    assert str(admin.site.site_header) == "LOB-match – beheer" and admin.site.enable_nav_sidebar is False


def test_every_admin_page_gets_djangos_context_without_building_the_sidebars_model_list(monkeypatch):
    request = _request(UserFactory(roles=[Role.STAFF]))
    django_context = DjangoAdminSite.each_context(admin.site, request)
    monkeypatch.setattr(admin.site, "get_app_list", lambda *args, **kwargs: pytest.fail("app list built"))
    context = admin.site.each_context(request)
    # The same keys as Django's own (a Django upgrade that adds one shows here), with the same values but the list.
    assert set(context) == set(django_context)
    assert django_context["available_apps"] and context["available_apps"] == []
    assert {k: v for k, v in context.items() if k not in ("available_apps", "log_entries")} == {
        k: v for k, v in django_context.items() if k not in ("available_apps", "log_entries")}
    assert context["is_nav_sidebar_enabled"] is False


def test_the_admin_home_and_an_apps_page_still_list_the_models(client):
    client.force_login(UserFactory(roles=[Role.STAFF]))
    home = client.get(reverse("admin:index"))
    assert home.status_code == 200
    assert reverse("admin:partners_partnerapplication_changelist") in home.content.decode()
    app = client.get(reverse("admin:app_list", args=["trajectories"]))
    assert app.status_code == 200
    assert reverse("admin:trajectories_trajectory_changelist") in app.content.decode()
    changelist = client.get(reverse("admin:partners_partnerapplication_changelist"))
    assert changelist.status_code == 200 and 'id="nav-sidebar"' not in changelist.content.decode()
