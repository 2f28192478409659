"""Issue 7's users in Chromium: the adviser logs a session on a phone, the school claims, finance pays."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lobmatch.models import Role
from tests.factories import MeetingFactory, TrajectoryFactory, UserFactory, WorkingGroupMemberFactory
from tests.questions import answer_yes
from tests.sessions import cancel_unlogged_sessions
from trajectories.models import ExportBatch, ReimbursementClaim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def test_adviser_logs_school_claims_finance_exports(live_server, browser, login_page, page, assert_accessible,
                                                    settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    trajectory = TrajectoryFactory()
    members = [WorkingGroupMemberFactory(application=trajectory.application, name=f"Lid {i}",
                                         is_project_leader=(i == 0)) for i in range(4)]
    meeting = MeetingFactory(trajectory=trajectory, number=1)
    finance = UserFactory(roles=[Role.FINANCE])

    # The adviser, on a phone-sized screen.
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="nl-NL")
    mobile = phone.new_page()
    mobile.goto(f"{live_server.url}/accounts/login/")
    mobile.fill("input[name=login]", trajectory.adviser.user.email)
    mobile.fill("input[name=password]", PASSWORD)
    mobile.locator("main form button[type=submit]").click()
    mobile.wait_for_url(lambda url: "/accounts/login/" not in url)
    mobile.goto(f"{live_server.url}/trajecten/bijeenkomst/{meeting.pk}/verslag/")
    assert_accessible(mobile)
    mobile.locator("label", has_text=re.compile("^gehouden$")).click()  # never preselected
    for member in members[:3]:
        mobile.get_by_label(f"Uren aanwezig: {member.name}").fill("4")
    mobile.get_by_label(f"Uren aanwezig: {members[3].name}").fill("3,8")
    mobile.get_by_role("button", name="Verslag opslaan").click()
    expect(mobile.get_by_text("kwartieren").first).to_be_visible()  # the odd value is refused, the rest kept
    expect(mobile.get_by_label(f"Uren aanwezig: {members[0].name}")).to_have_value("4")
    mobile.get_by_label(f"Uren aanwezig: {members[3].name}").fill("3,75")
    mobile.get_by_role("button", name="Verslag opslaan").click()
    expect(mobile.get_by_text("Het verslag is opgeslagen")).to_be_visible()
    phone.close()
    cancel_unlogged_sessions(trajectory)  # (sessions 2 and 3 did not take place: the claim can go in)

    # The school submits its claim.
    login_page(trajectory.application.created_by.email)
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/declaratie/")
    expect(page.get_by_text("€\u00a0866,25").first).to_be_visible()  # 15.75 h × €55
    assert_accessible(page)
    # The browser asks nothing: the server checks the claim first, and asks on a page of its own only when it can
    # go in (a typo in the IBAN is refused at once, without "submit? it cannot be changed afterwards" first).
    browser_asked = []

    def not_expected(dialog):
        browser_asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", not_expected)
    page.get_by_label("IBAN").fill("NL91 ABNA 0417 1643 01")
    page.get_by_label("Tenaamstelling").fill("Stichting Testcollege")
    page.get_by_role("button", name="Declaratie indienen").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Dit IBAN klopt niet")
    expect(page.get_by_label("Tenaamstelling")).to_have_value("Stichting Testcollege")
    page.get_by_label("IBAN").fill("NL91 ABNA 0417 1643 00")
    page.get_by_role("button", name="Declaratie indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaratie indienen: controleren")
    expect(page.locator("main")).to_contain_text("De declaratie van €\u00a0866,25 indienen?")
    expect(page.locator("main")).to_contain_text("NL91 ABNA 0417 1643 00")
    assert_accessible(page)
    page.get_by_role("button", name="Wijzigen").click()  # back to the form as typed, scrolled to it
    expect(page.get_by_label("IBAN")).to_have_value("NL91 ABNA 0417 1643 00")
    expect(page.get_by_role("heading", name="Indienen", exact=True)).to_be_in_viewport()
    page.get_by_role("button", name="Declaratie indienen").click()
    page.get_by_role("button", name="Declaratie indienen").click()  # on the question page: yes
    expect(page.get_by_text("Uw declaratie is ingediend")).to_be_visible()
    page.remove_listener("dialog", not_expected)
    assert browser_asked == [] and ReimbursementClaim.objects.get(trajectory=trajectory).status == "submitted"

    # Finance approves, exports, downloads and marks paid.
    page.context.clear_cookies()
    login_page(finance.email)
    page.goto(f"{live_server.url}/trajecten/financien/declaraties/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Controleren en goedkeuren")).first.click()
    # Finance checks per member what was attended and what is reimbursed (Lid 3: 3,75 of 3,75), and the cap.
    expect(page.get_by_role("row", name=re.compile("^Lid 3"))).to_contain_text("3,75")
    expect(page.locator("main")).to_contain_text("Maximum voor dit traject: € 3.960,00")
    expect(page.get_by_role("row", name=re.compile("^Subtotaal"))).to_contain_text("15,75")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "claim.png"), full_page=True)
    # "Afwijzen" without a reason: the browser points at the empty field; no question first, nothing sent
    asked_first = []

    def record(dialog):
        asked_first.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    page.get_by_role("button", name="Afwijzen", exact=True).click()
    expect(page.locator("#reject-reason:invalid")).to_have_count(1)
    page.remove_listener("dialog", record)
    assert asked_first == [] and ReimbursementClaim.objects.get(trajectory=trajectory).status == "submitted"
    page.get_by_role("button", name="€ 866,25 goedkeuren").click()
    expect(page.get_by_text("Goedgekeurd: € 866,25 voor")).to_be_visible()
    page.goto(f"{live_server.url}/trajecten/financien/betaalbestanden/")
    page.get_by_role("link", name="Betaalbestand maken").click()
    expect(page.get_by_text("Er komt 1 overboeking in het bestand, samen € 866,25.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Bevestigen: betaalbestand maken")).click()
    expect(page.get_by_text(re.compile("^Betaalbestand LOB-.* gemaakt"))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="SEPA").click()
    assert b"pain.001.001.03" in Path(download.value.path()).read_bytes()
    # A date in the future is refused at once, without a question first; the question comes with a date it can take.
    page.on("dialog", not_expected)
    date = page.get_by_label("Datum waarop de bank het bestand heeft uitgevoerd")
    date.fill(f"{timezone.localdate() + dt.timedelta(days=1):%Y-%m-%d}")
    page.get_by_role("button", name="Markeer 1 overboeking als betaald").click()
    expect(page.locator("#error-summary")).to_contain_text("De betaaldatum ligt in de toekomst")
    date.fill(f"{timezone.localdate():%Y-%m-%d}")
    page.get_by_role("button", name="Markeer 1 overboeking als betaald").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Betaling vastleggen: controleren")
    expect(page.locator("main")).to_contain_text("1 overboeking als betaald vastleggen? De school ziet de datum bij "
                                                 "haar declaratie; dit kunt u niet ongedaan maken.")
    assert_accessible(page)
    page.get_by_role("button", name="Markeer 1 overboeking als betaald").click()
    expect(page.get_by_text(re.compile("^1 declaratie gemarkeerd als betaald op"))).to_be_visible()
    page.remove_listener("dialog", not_expected)
    assert browser_asked == []
    page.goto(f"{live_server.url}/trajecten/financien/betaalbestanden/")
    claim = ReimbursementClaim.objects.get(trajectory=trajectory)
    assert claim.status == "paid" and claim.amount == claim.counted_hours * 55
    assert ExportBatch.objects.count() == 1

    # A week later the bank sends the transfer back: finance records it on the batch's page.
    batch = ExportBatch.objects.get()
    page.get_by_role("link", name=batch.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Betaalbestand {batch.reference}")
    assert_accessible(page)
    reason = page.get_by_label(re.compile("^Reden volgens de bank – Testcollege"))
    # no reason yet: the form goes to the server without a question ("meteen bericht?"), which says what is missing
    never = []

    def refuse(dialog):
        never.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.get_by_role("button", name=re.compile("^Terugboeking vastleggen")).click()
    expect(page.locator("#error-summary")).to_be_focused()
    page.remove_listener("dialog", refuse)
    assert never == []
    expect(page.locator("#error-summary")).to_contain_text("Geef de reden van de terugboeking op")
    expect(reason).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    reason.fill("AC04 rekening opgeheven")
    asked = answer_yes(page)
    reason.press("Enter")  # Enter presses the form's button, which asks first as a click does
    expect(page.get_by_text(re.compile("^Terugboeking vastgelegd voor"))).to_be_visible()
    assert asked == ["Deze terugboeking vastleggen? De school krijgt er meteen bericht van."]
    expect(page.get_by_text(re.compile("AC04 rekening opgeheven"))).to_be_visible()
    claim.refresh_from_db()
    assert claim.status == "returned" and claim.batch is None
    # The school corrects its account on the claim page.
    page.context.clear_cookies()
    login_page(trajectory.application.created_by.email)
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/declaratie/")
    expect(page.get_by_text("De bank heeft de betaling teruggestuurd.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("IBAN").fill("NL44 RABO 0123 4567 89")
    page.get_by_role("button", name="Rekeninggegevens opslaan").click()
    expect(page.get_by_text("Uw rekeninggegevens zijn bijgewerkt")).to_be_visible()
    # Finance transfers the amount again by hand, to the new account, and records it.
    page.context.clear_cookies()
    login_page(finance.email)
    page.goto(f"{live_server.url}{batch.get_absolute_url()}")
    expect(page.get_by_text("gewijzigd door de school")).to_be_visible()
    page.get_by_label(re.compile("^Kenmerk van uw overboeking – Testcollege")).fill("handmatig, 7 december")
    page.get_by_role("button", name=re.compile("^Nieuwe overboeking vastleggen")).click()
    expect(page.get_by_text(re.compile("^Nieuwe overboeking vastgelegd voor"))).to_be_visible()
    assert_accessible(page)
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.batch is None and ExportBatch.objects.count() == 1
    assert claim.returns.get().repaid_iban == "NL44RABO0123456789"
