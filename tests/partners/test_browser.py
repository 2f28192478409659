"""The school's journey in Chromium: catalogue → sign up → verify → draft over two visits → submit → status →
change before the deadline."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, SchoolFactory, TrancheFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "een-lang-wachtwoord-2026"


def test_visitor_searches_filters_and_starts_with_a_practice(live_server, page, assert_accessible):
    TrancheFactory()
    wanted = GoodPracticeFactory(title="Ouderavond nieuwe stijl", tips="Laat leerlingen de ouderavond leiden",
                        theme_slugs=["ouders-en-verzorgers"])
    GoodPracticeFactory(title="Bedrijvenroute", theme_slugs=["externe-partijen"])
    page.goto(f"{live_server.url}/good-practices/")
    assert_accessible(page)
    page.get_by_label("Zoekwoorden").fill("ouderavond")
    page.locator("summary", has_text="LOB-thema").click()  # the filter groups are folded
    page.get_by_label(re.compile(r"^Ouders en verzorgers")).check()
    page.get_by_role("button", name="Toon resultaten").click()
    page.wait_for_url(re.compile(r"q=ouderavond"))
    expect(page.locator("article h3")).to_have_text(["Ouderavond nieuwe stijl"])
    page.get_by_role("link", name="Ouderavond nieuwe stijl").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ouderavond nieuwe stijl")
    assert_accessible(page)
    page.get_by_role("link", name="Aanmelden met deze good practice").click()
    page.wait_for_url(re.compile(re.escape(f"/aanmelden/?practice={wanted.slug}") + "$"))
    expect(page.get_by_text("Ouderavond nieuwe stijl").first).to_be_visible()


def test_school_signs_up_drafts_over_two_visits_and_submits(live_server, page, assert_accessible):
    TrancheFactory()
    practice = GoodPracticeFactory(title="Loopbaandossier Brabant")
    school = SchoolFactory(name="Het Testlyceum")
    page.goto(f"{live_server.url}/aanmelden/?practice={practice.slug}")
    page.get_by_role("button", name="Account aanmaken").click()
    page.fill("input[name=email]", "decaan@testlyceum.example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))  # the mail is sent by now
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("U bent ingelogd als decaan@testlyceum.example.org")).to_be_visible()
    page.goto(f"{live_server.url}/aanmelden/?practice={practice.slug}")
    # First visit: the school and part of the group, then save as draft.
    page.get_by_label("BRIN-code", exact=True).fill(school.code)
    page.get_by_label("Naam projectleider").fill("Petra de Vries")
    names = ["Petra de Vries", "Collega 1", "Collega 2"]
    emails = ["petra@example.org", "collega1@example.org", "collega2@example.org"]
    for i in range(3):
        page.locator(f"#id_members-{i}-name").fill(names[i])
        page.locator(f"#id_members-{i}-email").fill(emails[i])
    page.locator("#id_members-0-is_project_leader").check()
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Uw concept is opgeslagen")).to_be_visible()
    # Second visit.
    page.goto(f"{live_server.url}/start/")
    page.get_by_role("link", name=re.compile("Het Testlyceum")).click()
    expect(page.locator("#id_members-1-name")).to_have_value("Collega 1")
    assert_accessible(page)
    page.get_by_role("button", name="Aanmelding indienen").click()
    expect(page.locator("#error-summary")).to_be_visible()  # motivation etc. still missing, nothing lost
    expect(page.get_by_label("Naam projectleider")).to_have_value("Petra de Vries")
    page.get_by_label("E-mail projectleider").fill("petra@example.org")
    page.get_by_label("Naam schoolleider").fill("Karel Bos")
    page.get_by_label("E-mail schoolleider").fill("karel@example.org")
    page.get_by_label("Huidige LOB-situatie", exact=True).fill("Versnipperd")
    page.get_by_label("Ambitie", exact=True).fill("Een doorlopende leerlijn")
    page.get_by_label("Motivatie", exact=True).fill("Leren van een school die het al doet")
    for box in page.locator("input[type=checkbox][name^=commit_], input[type=checkbox][name^=consent_]").all():
        box.check()
    page.get_by_role("button", name="Aanmelding indienen").click()
    expect(page.get_by_text("Uw aanmelding is ingediend")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Status: ingediend")
    application = PartnerApplication.objects.get()
    assert application.status == "submitted" and application.members.count() == 3
    assert any("Het Testlyceum" in m.subject for m in mail.outbox)
    assert_accessible(page)
    # Before the deadline the school changes what it submitted, and submits the change.
    page.get_by_role("link", name="Aanmelding wijzigen").click()
    expect(page.locator("#changing-submitted")).to_be_visible()
    expect(page.get_by_role("button", name="Opslaan als concept")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Motivatie", exact=True).fill("Leren van een school die het al doet, met de hele sectie")
    page.get_by_role("button", name="Wijzigingen indienen").click()
    expect(page.get_by_text("Uw wijzigingen zijn ingediend")).to_be_visible()
    expect(page.locator("main")).to_contain_text("gewijzigd en opnieuw ingediend")
    application.refresh_from_db()
    assert application.status == "submitted" and application.motivation.endswith("met de hele sectie")


def test_typed_text_survives_sign_up_and_email_verification(live_server, page, assert_accessible):
    """Type first, then "Account aanmaken": after signing up and verifying the address in the same browser the form
    comes back with everything typed; a later login from the header keeps it too."""
    TrancheFactory()
    practice = GoodPracticeFactory(title="Loopbaandossier Brabant")
    page.goto(f"{live_server.url}/aanmelden/?practice={practice.slug}")
    assert_accessible(page)
    page.get_by_label("Naam projectleider").fill("Petra de Vries")
    page.get_by_label("Motivatie", exact=True).fill("Leren van een school die het al doet")
    page.locator("#id_members-1-name").fill("Collega Een")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/\?next="))
    page.fill("input[name=email]", "decaan@bewaarlyceum.example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    page.locator("main form button[type=submit]").click()
    # kept as their draft at once: leaving the page now loses nothing
    expect(page).to_have_url(re.compile(r"/aanmelden/\d+/bewerken/$"))
    expect(page.get_by_text("Wat u invulde, is als concept bewaard.")).to_be_visible()
    expect(page.get_by_label("Naam projectleider")).to_have_value("Petra de Vries")
    expect(page.get_by_label("Motivatie", exact=True)).to_have_value("Leren van een school die het al doet")
    expect(page.locator("#id_members-0-name")).to_have_value("Collega Een")  # saved: the first row now
    expect(page.get_by_label("Eerste keuze")).to_have_value(str(practice.pk))
    assert_accessible(page)
    page.screenshot(path="/tmp/wf-match-school-restored.png", full_page=True)

    # Logged out, a new visit: typed again, then the header's "Inloggen" (a link) takes it along as well.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/aanmelden/?practice={practice.slug}")
    page.get_by_label("Ambitie", exact=True).fill("Een doorlopende leerlijn")
    page.locator("header").get_by_role("link", name="Inloggen").click()
    page.fill("input[name=login]", "decaan@bewaarlyceum.example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_label("Ambitie", exact=True)).to_have_value("Een doorlopende leerlijn")
    # typed into a draft that exists: merged into it on the page, saved only when they choose to
    [draft] = PartnerApplication.objects.all()
    assert draft.status == "draft" and draft.project_leader_name == "Petra de Vries" and draft.ambition == ""
