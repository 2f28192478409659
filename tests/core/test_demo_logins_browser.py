"""Each demo role logs in through the real login form and lands on its own start page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

DEMO_PASSWORD = "lob-demo-2026"
ROLE_LINKS = {
    "school@example.org": "Mijn aanmeldingen",
    "ambassadeur@example.org": "Mijn good practices",
    "adviseur@example.org": "Mijn trajecten",
    "staf@example.org": "Beheer",
    "financien@example.org": "Declaraties",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_demo_role_logs_in_and_sees_its_own_start_page(live_server, page, login_page, assert_accessible):
    call_command("demo_data", verbosity=0)
    for email, link_text in ROLE_LINKS.items():
        page.context.clear_cookies()
        login_page(email, DEMO_PASSWORD)
        expect(page).to_have_url(re.compile(r"/start/$"))
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        expect(nav.get_by_role("link", name=link_text)).to_be_visible()
        for other_email, other_link in ROLE_LINKS.items():
            if other_email != email and other_link != link_text:
                expect(nav.get_by_role("link", name=other_link, exact=True)).to_have_count(0)
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Welkom"))
    assert_accessible(page)
