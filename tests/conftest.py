"""Fixtures shared by the whole suite: Chromium for Playwright, axe-core checks, a real Redis, a clean cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.security.url_matrix import world  # noqa: F401  (the fixture: objects every URL of the matrix is tried on)
from tests.services import require_services

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
AXE_JS = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe-core" / "axe.min.js"


def _needs_browser(item) -> bool:
    return "browser" in item.keywords or "page" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)  # after -m/-k deselection: only the browser tests that will run count
def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium: skipped without it locally, an error with REQUIRE_SERVICES=1."""
    if Path(CHROMIUM).exists():
        return
    browser_items = [item for item in items if _needs_browser(item)]
    if not browser_items:
        return
    if require_services():
        raise pytest.UsageError(f"REQUIRE_SERVICES=1 but Chromium was not found at {CHROMIUM} "
                                f"({len(browser_items)} browser test(s) selected); set CHROMIUM_PATH or install it")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


def pytest_configure(config):
    # expect() retries for 5 s by default; a loaded 2-core CI runner rendering the 130 KB application form next to
    # another worker can take longer. A passing assertion returns at once, so a longer ceiling costs nothing.
    try:
        from playwright.sync_api import expect
    except ImportError:  # pragma: no cover - Playwright is a test dependency
        return
    expect.set_options(timeout=15_000)


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language: a request in English leaves English active in its thread (the
    middleware activates a language per request and never needs to undo it), which must not decide what a later
    test in the same worker renders."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and cached values must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_factory_sequences():
    """Every test numbers its factory objects from the start. factory_boy counts per process, so without this a
    test's generated values depended on how many tests its worker ran before it: after 2,412 schools in one worker
    the next got the BRIN 12AB, which a test types by hand, and that test failed only when pytest-xdist happened to
    give its worker that many schools first."""
    import factory

    from tests import factories

    for value in vars(factories).values():
        if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory) and value._meta.model:
            value.reset_sequence()
    yield


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run the vendored axe-core in the page and return the violations of the given impacts."""
    # evaluate() runs through the DevTools protocol, so the page's CSP (no inline scripts) stays in force.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [v for v in result["violations"] if v.get("impact") in impacts]


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: no serious or critical WCAG 2.1 A/AA violation on the current page."""

    def check(page):
        page.wait_for_load_state()  # after a click that navigates, check the page it led to
        violations = axe_violations(page)
        if violations:
            lines = [f"{page.url}: {len(violations)} serious/critical axe violation(s)"]
            for v in violations:
                lines.append(f"- [{v['impact']}] {v['id']}: {v['help']}")
                for node in v["nodes"][:5]:
                    lines.append(f"    {', '.join(node['target'])}: {node.get('failureSummary', '')[:200]}")
            pytest.fail("\n".join(lines))

    return check


@pytest.fixture
def redis_url():
    """The throwaway Redis of tests/services.py; without it the test is skipped (an error with REQUIRE_SERVICES=1)."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if require_services():
            pytest.fail("REQUIRE_SERVICES=1 but no Redis is running")
        pytest.skip("no redis-server on this machine")
    return url


@pytest.fixture
def login_page(live_server, page):
    """``login_page(email, password)``: log in through the allauth form in the browser."""

    def login(email: str, password: str = "correct horse battery"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.locator("main form button[type=submit]").click()
        # The form posts and redirects away; wait for that, not for the login page's own (finished) load.
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return login
