"""Every admin changelist fits a 1280 px wide screen in Chromium: nothing to scroll sideways for."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.factories import MeetingFactory, TrajectoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_changelist_fits_1280_px(live_server, page, login_page):
    for _ in range(3):
        MeetingFactory(trajectory=TrajectoryFactory())
    UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    login_page("root@example.org")
    too_wide = {}
    checked = 0
    for model in admin.site._registry:
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        response = page.goto(f"{live_server.url}{url}")
        if response.status != 200:
            continue
        assert page.url.endswith(url), page.url  # the list itself, not a login or second-factor page
        checked += 1
        # the page, and the results table inside its own scroll box (the admin wraps it in overflow-x: auto)
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, ...Array.from("
                              "document.querySelectorAll('#changelist .results'), e => e.scrollWidth - e.clientWidth"
                              " + 1280))")
        page.screenshot(path=f"/tmp/staff-ui-list-{model._meta.model_name}.png")
        if width > 1280:
            too_wide[url] = width
    assert checked > 20
    assert not too_wide, too_wide
