"""axe-core on the admin as staff and the programme office's administrator use it: the index, every changelist and
one change page of every model they may open, and the matching page (WCAG 2.1 A/AA, no serious or critical
violation). Finance has no admin: its pages are in the authorisation matrix and its axe test."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_pages(client: Client, world: dict) -> list[str]:  # noqa: F811
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if client.get(changelist).status_code != 200:
            continue
        urls.append(changelist)
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            try:
                change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            except NoReverseMatch:
                continue
            if client.get(change).status_code == 200:
                urls.append(change)
    matching = reverse("admin:trajectories_matching", args=[world["trajectory"].tranche_id])
    if client.get(matching).status_code == 200:
        urls.append(matching)
    return urls


@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_every_admin_page_of_the_role_passes_axe(role, world, live_server, page, assert_accessible):  # noqa: F811
    user = world["users"]["staff"] if role == "staff" else UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    urls = admin_pages(client, world)
    assert len(urls) >= (10 if role == "staff" else 25), urls
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
    failures = []
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, (url, response and response.status)
        try:
            assert_accessible(page)
        except pytest.fail.Exception as exc:
            failures.append(str(exc))
    assert not failures, "\n\n".join(failures)
