"""Issue 6 in Chromium: staff auto-match, change one proposal with a reason, confirm, publish; the adviser sees it."""

import re

import pytest
from playwright.sync_api import expect

from lobmatch.models import Role
from tests.factories import (
    AdviserFactory,
    AmbassadorSchoolFactory,
    GoodPracticeFactory,
    PartnerApplicationFactory,
    PreferenceFactory,
    SchoolFactory,
    TrancheFactory,
    UserFactory,
)
from trajectories.models import Trajectory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_match_change_confirm_publish_and_the_adviser_sees_it(live_server, page, login_page):
    tranche = TrancheFactory()
    first, second = GoodPracticeFactory(title="Eerste route", ambassador=AmbassadorSchoolFactory()), \
        GoodPracticeFactory(title="Tweede route", ambassador=AmbassadorSchoolFactory())
    adviser = AdviserFactory()
    app = PartnerApplicationFactory(tranche=tranche, school=SchoolFactory(name="Het Koppelcollege"),
                                    status="submitted")
    PreferenceFactory(application=app, practice=first, rank=1)
    PreferenceFactory(application=app, practice=second, rank=2)
    staff = UserFactory(roles=[Role.STAFF])

    login_page(staff.email)
    page.goto(f"{live_server.url}/admin/trajectories/trajectory/koppelen/{tranche.pk}/")
    page.get_by_role("button", name="Koppelvoorstel maken (hele tranche)").click()
    expect(page.get_by_text("1 voorstellen gemaakt")).to_be_visible()
    page.get_by_role("link", name="wijzigen", exact=True).click()
    page.get_by_label("Tweede route").check()
    page.get_by_role("button", name="Wijzigen", exact=True).click()
    expect(page.get_by_text("Geef een reden op")).to_be_visible()  # a reason is required
    page.get_by_label("Tweede route").check()
    page.get_by_label("Reden van de wijziging (verplicht)").fill("school kiest liever de tweede route")
    page.get_by_role("button", name="Wijzigen", exact=True).click()
    expect(page.get_by_text("Voorstel gewijzigd")).to_be_visible()
    page.get_by_label("Selecteer Het Koppelcollege").check()
    page.get_by_role("button", name="Selectie bevestigen").click()
    expect(page.get_by_text("1 voorstellen bevestigd")).to_be_visible()
    page.get_by_label("Selecteer Het Koppelcollege").check()
    page.get_by_role("button", name="Selectie publiceren en mailen").click()
    expect(page.get_by_text("1 trajecten gepubliceerd")).to_be_visible()
    trajectory = Trajectory.objects.get(application=app, status="published")
    assert trajectory.practice == second and "tweede route" in trajectory.explanation

    page.context.clear_cookies()
    login_page(adviser.user.email)
    expect(page.get_by_role("link", name="Het Koppelcollege").first).to_be_visible()
    page.get_by_role("link", name="Het Koppelcollege").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Het Koppelcollege"))
