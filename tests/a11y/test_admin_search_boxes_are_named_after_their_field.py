"""The admin's search boxes (autocomplete_fields, select2) carry the name of their field, closed and open: a screen
reader says "Aanmelding, combobox", not just "combobox", and the search field that opens is named too. axe finds no
serious or critical violation on the add-trajectory page, with a box closed and with its list open."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lobmatch.models import Role
from tests.factories import AdviserFactory, PartnerApplicationFactory, SchoolFactory, TrancheFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_add_trajectory_search_boxes_are_named_after_their_labels(live_server, page, login_page,
                                                                       assert_accessible):
    tranche = TrancheFactory(application_deadline=timezone.now() - dt.timedelta(days=1))
    PartnerApplicationFactory(tranche=tranche, school=SchoolFactory(name="Het Koppelcollege"), status="submitted")
    AdviserFactory(user=UserFactory(first_name="Ada", last_name="Adviseur"))
    login_page(UserFactory(roles=[Role.STAFF]).email)
    page.goto(f"{live_server.url}/admin/trajectories/trajectory/add/")
    page.wait_for_load_state("networkidle")
    application = page.get_by_role("combobox", name="Aanmelding")
    expect(application).to_have_count(1)
    expect(page.get_by_role("combobox", name="Externe adviseur")).to_have_count(1)
    assert_accessible(page)

    application.click()  # the list opens with its search field, an option under the pointer
    expect(page.locator(".select2-results__option--highlighted", has_text="Het Koppelcollege")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Aanmelding")).to_be_focused()
    assert_accessible(page)

    page.keyboard.press("Enter")  # chosen: the box says the field, then the school
    expect(page.get_by_role("combobox", name="Aanmelding: Het Koppelcollege")).to_have_count(1)
    assert_accessible(page)
