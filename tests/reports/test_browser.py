"""The staff dashboard in Chromium: charts with their tables pass axe; a tranche report is requested and fetched."""

import pytest
from playwright.sync_api import expect

from lobmatch.models import Role
from tests.factories import PartnerApplicationFactory, PreferenceFactory, TrajectoryFactory, UserFactory

from .conftest import make_trajectory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_dashboard_is_accessible_and_gives_the_overview(live_server, page, login_page, assert_accessible,
                                                              settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    trajectory = make_trajectory()
    staff = UserFactory(roles=[Role.STAFF])
    login_page(staff.email)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Aanmeldingen per provincie")).to_be_visible()
    expect(page.get_by_role("img", name="Aanmeldingen per provincie")).to_be_visible()
    expect(page.get_by_role("table", name='De cijfers van de grafiek "Aanmeldingen per provincie"')).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Overzicht van de tranche (PDF)").click()
    expect(page.get_by_text("Het rapport is klaar.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download het rapport").click()
    assert info.value.suggested_filename == f"overzicht-tranche-{trajectory.tranche.number}.pdf"


def test_progress_page_polls_until_the_download_is_ready(live_server, page, login_page, settings, tmp_path):
    from django.core.files.base import ContentFile

    from trajectories.models import GeneratedReport

    settings.MEDIA_ROOT = str(tmp_path)
    trajectory = make_trajectory()
    staff = UserFactory(roles=[Role.STAFF])
    report = GeneratedReport.objects.create(kind="trajectory_zip", tranche=trajectory.tranche, requested_by=staff,
                                            status="running", progress=40)
    login_page(staff.email)
    page.goto(f"{live_server.url}/trajecten/rapporten/{report.pk}/")
    expect(page.get_by_text("bezig: 40% klaar.")).to_be_visible()
    expect(page.get_by_role("link", name="Download het rapport")).to_be_hidden()
    report.file.save("rapporten.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    report.status, report.progress = "done", 100
    report.save()
    page.get_by_role("link", name="Download het rapport").wait_for(state="visible", timeout=20000)
    expect(page.get_by_text("Het rapport is klaar.")).to_be_visible()
    expect(page.get_by_role("link", name="Vernieuw deze pagina")).to_be_hidden()


def test_dashboard_shows_results_of_decided_matches_with_their_denominator(live_server, page, login_page,
                                                                            assert_accessible):
    """12 published (11 got their first choice) and 1 open proposal: "11 van 12", the proposal counted apart."""
    first = make_trajectory()
    tranche = first.tranche
    PreferenceFactory(application=first.application, practice=first.practice, rank=1)
    for i in range(12):
        application = PartnerApplicationFactory(tranche=tranche, status="submitted")
        trajectory = TrajectoryFactory(application=application, tranche=tranche,
                                       status="proposed" if i == 11 else "published")
        PreferenceFactory(application=application, practice=trajectory.practice, rank=2 if i == 10 else 1)
    login_page(UserFactory(roles=[Role.STAFF]).email)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Dashboard").click()
    kpis = page.locator(".dashboard-kpis")
    expect(kpis.locator("div", has_text="Eerste keuze gehonoreerd").locator("dd")).to_have_text("11 van 12 (92%)")
    expect(kpis.locator("div", has_text="Trajecten (bevestigd of gepubliceerd)").locator("dd")).to_have_text("12")
    expect(kpis.locator("div", has_text="Voorstellen, nog niet bevestigd").locator("dd")).to_have_text("1")
    assert_accessible(page)
    page.screenshot(path="/tmp/wf-match-dashboard.png")
