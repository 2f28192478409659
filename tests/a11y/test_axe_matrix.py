"""axe-core on every page of the authorisation matrix, as each role that may see it (WCAG 2.1 A/AA, no serious or
critical violation), and every page outside the admin on a phone without scrolling sideways. The browser also
reports every Content-Security-Policy violation: there must be none."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.security.url_matrix import EXPECTED, ROLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390  # CSS px: a common phone held upright


def html_pages_for(role: str, world: dict) -> list[tuple[str, str]]:  # noqa: F811
    """(name, url) of every GET page that answers this role with an HTML 200 (downloads and JSON are skipped)."""
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    pages = []
    for name, (method, kwargs, expected) in sorted(EXPECTED.items()):
        if method != "get" or expected[role] != 200:
            continue
        url = reverse(name, kwargs=kwargs(world))
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            pages.append((name, url))
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_passes_axe(role, world, live_server, page, assert_accessible):  # noqa: F811
    pages = html_pages_for(role, world)
    assert pages, f"{role} sees no HTML page at all?"
    if role != "anonymous":
        client = Client()
        client.force_login(world["users"][role])
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                   "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                                   "url": live_server.url}])
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text else None)
    failures = []
    desk = page.viewport_size
    for name, url in pages:
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, (name, url, response and response.status)
        try:
            assert_accessible(page)
        except pytest.fail.Exception as exc:
            failures.append(f"{name} ({role}): {exc}")
        if not url.startswith("/admin/"):  # the admin is for a desk; every other page is read on a phone as well
            page.set_viewport_size({"width": PHONE, "height": desk["height"]})
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE:  # WCAG 1.4.10 reflow: a wide table scrolls in its own region, never the page
                failures.append(f"{name} ({role}): {url} is {width} px wide on a {PHONE} px phone")
            page.set_viewport_size(desk)
    assert not failures, "\n\n".join(failures)
    assert not csp_errors, "\n".join(csp_errors)
