"""Issue 6 in Chromium: staff auto-match, change one proposal with a reason, confirm, publish; the adviser sees it."""

import datetime as dt
import re

import pytest
from django.utils import timezone
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
from tests.questions import answer_yes
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
    # The deadline is weeks away: the page says so, and auto-match needs an explicit yes.
    expect(page.locator("#before-close")).to_contain_text("De aanmelding is nog open.")
    page.get_by_role("button", name="Koppelvoorstel maken (hele tranche)").click()
    expect(page.get_by_text("Bevestig dat u toch nu een koppelvoorstel wilt maken")).to_be_visible()
    assert not Trajectory.objects.exists()
    page.get_by_label("Ik weet dat de aanmelding nog open is en wil toch nu een koppelvoorstel maken").check()
    page.get_by_role("button", name="Koppelvoorstel maken (hele tranche)").click()
    expect(page.get_by_text("1 voorstel gemaakt")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Het Koppelcollege"))).to_contain_text("vóór deadline")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/wf-match-before-deadline.png", full_page=True)
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
    expect(page.get_by_text("1 voorstel bevestigd")).to_be_visible()
    page.get_by_label("Selecteer Het Koppelcollege").check()
    answer_yes(page)  # publishing mails the pair: the button asks first
    page.get_by_role("button", name="Selectie publiceren en mailen").click()
    expect(page.get_by_text("1 traject gepubliceerd")).to_be_visible()
    trajectory = Trajectory.objects.get(application=app, status="published")
    assert trajectory.practice == second and "tweede route" in trajectory.explanation

    page.context.clear_cookies()
    login_page(adviser.user.email)
    expect(page.get_by_role("link", name="Het Koppelcollege").first).to_be_visible()
    page.get_by_role("link", name="Het Koppelcollege").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Het Koppelcollege"))


def test_staff_cannot_move_a_proposal_into_a_full_ambassador_school(live_server, page, login_page,
                                                                    assert_accessible):
    """The change is refused at the moment it is made, naming who holds the seats; the alternatives show seats,
    the adviser's load and the current proposal; confirming the selection afterwards loses nobody's place."""
    tranche = TrancheFactory(application_deadline=timezone.now() - dt.timedelta(days=1), ambassador_capacity=1)
    full = GoodPracticeFactory(title="Volle route", ambassador=AmbassadorSchoolFactory())
    spare = GoodPracticeFactory(title="Vrije route", ambassador=AmbassadorSchoolFactory())
    AdviserFactory()
    holder = PartnerApplicationFactory(tranche=tranche, school=SchoolFactory(name="De Eerste School"),
                                       status="submitted")
    PreferenceFactory(application=holder, practice=full, rank=1)
    mover = PartnerApplicationFactory(tranche=tranche, school=SchoolFactory(name="De Tweede School"),
                                      status="submitted")
    PreferenceFactory(application=mover, practice=spare, rank=1)
    PreferenceFactory(application=mover, practice=full, rank=2)
    staff = UserFactory(roles=[Role.STAFF])

    page.set_viewport_size({"width": 1280, "height": 900})
    login_page(staff.email)
    page.goto(f"{live_server.url}/admin/trajectories/trajectory/koppelen/{tranche.pk}/")
    expect(page.locator("#before-close")).to_have_count(0)  # the deadline has passed: no question asked
    page.get_by_role("button", name="Koppelvoorstel maken (hele tranche)").click()
    expect(page.get_by_text("2 voorstellen gemaakt")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/wf-match-matching.png", full_page=True)

    page.get_by_role("row", name=re.compile("De Tweede School")).get_by_role("link", name="wijzigen").click()
    alternatives = page.locator("#alternatives")
    expect(alternatives.get_by_role("row", name=re.compile("Vrije route"))).to_contain_text("huidig voorstel")
    full_row = alternatives.get_by_role("row", name=re.compile("Volle route"))
    expect(full_row).to_contain_text("vol (1 van 1)")
    expect(full_row).to_contain_text("bezet door De Eerste School (voorgesteld)")
    expect(full_row).to_contain_text("1 van 4")  # the adviser's load (tranche default capacity 4)
    assert_accessible(page)
    expect(page.get_by_label("Volle route")).to_be_disabled()  # its row says "niet mogelijk: vol"
    # picked through "Deze combinatie", the same rule refuses it at the moment it is made
    page.locator("#other-practice").select_option(str(full.pk))
    page.locator("#other-adviser").select_option(index=1)
    page.get_by_label("Deze combinatie:").check()
    page.get_by_label("Reden van de wijziging (verplicht)").fill("school wil toch de volle route")
    page.get_by_role("button", name="Wijzigen", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(
        "is vol: capaciteit 1, bezet door De Eerste School (voorgesteld).")
    expect(page.get_by_label("Reden van de wijziging (verplicht)")).to_have_value("school wil toch de volle route")
    assert_accessible(page)
    page.screenshot(path="/tmp/wf-match-change-refused.png", full_page=True)
    assert Trajectory.objects.get(application=mover).practice == spare

    page.goto(f"{live_server.url}/admin/trajectories/trajectory/koppelen/{tranche.pk}/")
    for name in ("De Eerste School", "De Tweede School"):
        page.get_by_label(f"Selecteer {name}").check()
    page.get_by_role("button", name="Selectie bevestigen").click()
    expect(page.get_by_text("2 voorstellen bevestigd")).to_be_visible()
    expect(page.locator(".errorlist, .messagelist .error")).to_have_count(0)


def test_staff_add_a_proposal_by_hand_from_the_schools_choices(live_server, page, login_page):
    """Picking the application fills the good practices with the school's choices, in its order (the page's script:
    the application is a select2 box); a form sent back with an error keeps the practice picked."""
    tranche = TrancheFactory(application_deadline=timezone.now() - dt.timedelta(days=1))
    first, second = GoodPracticeFactory(title="Eerste route"), GoodPracticeFactory(title="Tweede route")
    GoodPracticeFactory(title="Niet gekozen")
    adviser = AdviserFactory(user=UserFactory(first_name="Ada", last_name="Adviseur"))
    app = PartnerApplicationFactory(tranche=tranche, school=SchoolFactory(name="Het Koppelcollege"),
                                    status="submitted")
    PreferenceFactory(application=app, practice=first, rank=1)
    PreferenceFactory(application=app, practice=second, rank=2)
    login_page(UserFactory(roles=[Role.STAFF]).email)
    page.goto(f"{live_server.url}/admin/trajectories/trajectory/add/")
    practice = page.locator("#id_practice")
    expect(practice.locator("option")).to_have_text(["Kies eerst een aanmelding"])
    page.locator(".field-application .select2-selection").click()
    page.keyboard.type("Koppel")
    page.locator(".select2-results__option", has_text="Het Koppelcollege").click()
    expect(practice.locator("option")).to_have_text(
        ["---------", f"keuze 1: Eerste route ({first.ambassador})", f"keuze 2: Tweede route ({second.ambassador})"])
    practice.select_option(str(second.pk))
    page.locator("input[name=_save]").click()  # no adviser yet: sent back
    expect(page.locator(".errorlist")).to_contain_text("Dit veld is verplicht.")
    page.wait_for_load_state("networkidle")  # (the admin fires "change" on load: the list is asked again)
    expect(practice).to_have_value(str(second.pk))
    page.locator(".field-adviser .select2-selection").click()
    page.keyboard.type("Ada")
    page.locator(".select2-results__option", has_text="Ada").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    made = Trajectory.objects.get(application=app)
    assert (made.practice, made.adviser) == (second, adviser)
