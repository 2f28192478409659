"""A visitor finds a good practice in Chromium and starts an application with it."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import GoodPracticeFactory, TrancheFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_filters_opens_a_practice_and_applies_with_it(live_server, page, assert_accessible):
    TrancheFactory()
    wanted = GoodPracticeFactory(title="Loopbaangesprekken met ouders", tips="Plan de driehoeksgesprekken vroeg",
                                 theme_slugs=["ouders-en-verzorgers"])
    GoodPracticeFactory(title="Driehoeksgesprekken op stage", tips="Plan de driehoeksgesprekken vroeg",
                        theme_slugs=["externe-partijen"])
    GoodPracticeFactory(title="Bedrijvenroute", theme_slugs=["externe-partijen"])
    page.goto(live_server.url + reverse("ambassadors:practice_list"))
    assert_accessible(page)

    page.get_by_label("Zoekwoorden").fill("driehoeksgesprekken")
    page.get_by_role("button", name="Toon resultaten").click()
    results = page.locator("article h3")
    page.wait_for_url(re.compile(r"q=driehoeksgesprekken"))
    expect(results).to_have_count(2)
    assert sorted(results.all_inner_texts()) == ["Driehoeksgesprekken op stage", "Loopbaangesprekken met ouders"]

    # The filter groups are folded; only options the result has are offered (no "Drenthe (0)").
    theme_box = page.get_by_label(re.compile(r"^Ouders en verzorgers"))
    expect(theme_box).to_be_hidden()
    assert page.get_by_label(re.compile(r"^Drenthe")).count() == 0
    page.locator("summary", has_text="LOB-thema").focus()
    page.keyboard.press("Enter")  # a native <details>: opens from the keyboard without a script
    theme_box.check()
    page.get_by_role("button", name="Zoeken").click()  # the button at the top submits the filters too
    expect(results).to_have_count(1)
    expect(page.get_by_label(re.compile(r"^Ouders en verzorgers"))).to_be_checked()  # its group stays open
    assert results.all_inner_texts() == ["Loopbaangesprekken met ouders"]
    assert_accessible(page)

    page.get_by_role("link", name="Loopbaangesprekken met ouders").click()
    page.get_by_role("heading", level=1, name="Loopbaangesprekken met ouders").wait_for()
    page.get_by_role("link", name="Aanmelden met deze good practice").click()
    page.wait_for_url(re.compile(re.escape(reverse("partners:start"))))
    url = urlparse(page.url)
    assert url.path == reverse("partners:start")
    assert parse_qs(url.query) == {"practice": [wanted.slug]}
    # The partners app names the chosen practice on its start page (its form preselects it as first choice).
    assert page.get_by_text("Loopbaangesprekken met ouders").count() >= 1
