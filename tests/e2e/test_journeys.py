"""Issue 10: the four users of the programme, each on a full journey through the real UI in Chromium.

Every step leaves a numbered full-page screenshot under ``$LOBMATCH_ARTIFACTS/e2e/<test-name>/`` (see conftest.py)
and every distinct page the journey visits is checked with axe-core. Only the data a user finds waiting (a tranche,
good practices, a submitted application, a logged trajectory) is made with factories or services.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from lobmatch.models import Role
from partners.models import PartnerApplication
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
from tests.meetings.conftest import entry
from tests.questions import answer_yes
from trajectories.models import ExportBatch, Meeting, ReimbursementClaim, Trajectory
from trajectories.services import claims as claim_service
from trajectories.services import meetings as meeting_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "een-lang-wachtwoord-2026"


def test_school_finds_a_practice_signs_up_and_applies(live_server, page, assert_accessible, shot):
    tranche = TrancheFactory()
    practice = GoodPracticeFactory(title="Ouderavond nieuwe stijl", tips="Laat leerlingen de ouderavond leiden",
                                   theme_slugs=["ouders-en-verzorgers"])
    other = GoodPracticeFactory(title="Bedrijvenroute", theme_slugs=["externe-partijen"])
    school = SchoolFactory(name="Het Reislyceum")
    shot.widths = (390, 1280)  # a school reads on a phone as often as at a desk: every step at both widths

    # The catalogue: search, open the practice, start an application with it.
    page.goto(f"{live_server.url}/good-practices/")
    assert_accessible(page)
    shot(page, "catalogue")
    page.get_by_label("Zoekwoorden").fill("ouderavond")
    page.get_by_role("button", name="Toon resultaten").click()
    # First what only the result page shows: while the old page unloads, "no such link" already holds.
    expect(page.locator("#results-heading")).to_have_text("1 good practice gevonden")
    expect(page.get_by_role("link", name="Bedrijvenroute")).to_have_count(0)
    shot(page, "catalogue-search")
    page.get_by_role("link", name="Ouderavond nieuwe stijl").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ouderavond nieuwe stijl")
    assert_accessible(page)
    shot(page, "practice")
    page.get_by_role("link", name="Aanmelden met deze good practice").click()
    expect(page.locator("#login-needed")).to_be_visible()
    assert_accessible(page)
    shot(page, "application-anonymous")

    # Sign up and verify the email address through the link in the mail.
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.locator("input[name=password2]")).to_be_visible()
    assert_accessible(page)
    shot(page, "signup")
    page.fill("input[name=email]", "decaan@reislyceum.example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert_accessible(page)
    shot(page, "verification-sent")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    assert_accessible(page)
    shot(page, "confirm-email")
    page.locator("main form button[type=submit]").click()

    # Back on the application form, logged in, with the practice as first choice.
    expect(page.get_by_text("U bent ingelogd als decaan@reislyceum.example.org")).to_be_visible()
    expect(page.get_by_label("Eerste keuze")).to_have_value(str(practice.pk))
    assert_accessible(page)
    shot(page, "application-form")
    page.get_by_label("Zoek uw school op naam, plaats of BRIN-code").fill("Reislyceum")
    expect(page.get_by_text("1 school gevonden; kies uw school.")).to_be_visible()  # one school, not "1 scholen"
    page.get_by_role("button", name=re.compile("Het Reislyceum")).click()
    expect(page.get_by_label("BRIN-code", exact=True)).to_have_value(school.code)
    page.get_by_label("Naam projectleider").fill("Petra de Vries")
    page.get_by_label("Functie projectleider").fill("decaan")
    page.get_by_label("E-mail projectleider").fill("petra@reislyceum.example.org")
    page.get_by_label("Naam schoolleider").fill("Karel Bos")
    page.get_by_label("E-mail schoolleider").fill("karel@reislyceum.example.org")
    members = [("Petra de Vries", "decaan"), ("Ahmed Yilmaz", "mentor"), ("Sanne Jansen", "docent"),
               ("Joris de Wit", "mentor"), ("Fatima el Amrani", "zorgcoördinator")]
    for i, (name, role) in enumerate(members):
        page.locator(f"#id_members-{i}-name").fill(name)
        page.locator(f"#id_members-{i}-role").fill(role)
        # the project leader is one of the group, with the one address given above
        page.locator(f"#id_members-{i}-email").fill("petra@reislyceum.example.org" if i == 0
                                                    else f"lid{i}@reislyceum.example.org")
    page.locator("#id_members-0-is_project_leader").check()
    page.get_by_label("Huidige LOB-situatie", exact=True).fill("LOB is versnipperd over de mentoren.")
    page.get_by_label("Ambitie", exact=True).fill("Een doorlopende leerlijn LOB met de ouders erbij.")
    page.get_by_label("Motivatie", exact=True).fill("Wij willen leren van een school die ouders al betrekt.")
    page.get_by_label("Tweede keuze (niet verplicht)").select_option(str(other.pk))
    page.get_by_label("Beschikbaarheid startgesprek").fill("dinsdag en donderdag")
    page.get_by_label("Beschikbaarheid begeleide bijeenkomsten").fill("woensdagmiddag")
    for box in page.locator("input[type=checkbox][name^=commit_], input[type=checkbox][name^=consent_]").all():
        box.check()
    shot(page, "application-filled")
    page.get_by_role("button", name="Aanmelding indienen").click()

    # The status page.
    expect(page.get_by_text("Uw aanmelding is ingediend")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Status: ingediend")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw aanmelding")
    assert_accessible(page)
    shot(page, "status")

    application = PartnerApplication.objects.get()
    assert application.status == "submitted" and application.school == school and application.tranche == tranche
    assert application.members.count() == 5
    assert list(application.preferences.order_by("rank").values_list("practice__title", flat=True)) == [
        "Ouderavond nieuwe stijl", "Bedrijvenroute"]
    assert any("Het Reislyceum" in m.subject for m in mail.outbox)
    assert [p.name for p in shot.assert_saved(minimum=10)][-1] == "10-status-1280.png"


def test_school_follows_its_trajectory_claims_and_keeps_the_calculation(live_server, page, login_page,
                                                                       assert_accessible, shot, group, media):
    """After the match: the school finds its trajectory, reads the adviser's progress, submits its claim and
    downloads the calculation, which opens in Dutch Excel (semicolons, decimal commas)."""
    trajectory, members = group
    for number, session in enumerate(trajectory.meetings.filter(kind=Meeting.Kind.SESSION).order_by("number")):
        hours = "3.75" if number == 0 else "4"
        meeting_service.log_meeting(session, entry(members, hours=hours, progress=number + 2),
                                    by=trajectory.adviser.user)
    school = trajectory.application.school.name
    shot.widths = (390, 1280)
    page.set_viewport_size({"width": 390, "height": 844})

    login_page(trajectory.application.created_by.email)
    page.goto(f"{live_server.url}/start/")
    link = page.get_by_role("link", name=re.compile(re.escape(school) + " ↔ "))
    expect(link).to_be_visible()
    assert_accessible(page)
    shot(page, "start")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(school)
    expect(page.locator("main")).not_to_contain_text("gepubliceerd")  # the school reads its own words, not ours
    assert_accessible(page)
    shot(page, "trajectory")

    page.get_by_role("link", name=re.compile("^Declaratie")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Declaratie")
    # On the phone the whole calculation, amounts included, is on screen: no sideways scrolling to find the money.
    table = page.locator("table.claim-breakdown")
    page.evaluate("document.fonts.ready.then(() => true)")  # measured in the page's own font, as a user sees it
    assert table.evaluate("el => el.parentElement.scrollWidth <= el.parentElement.clientWidth")
    assert_accessible(page)
    shot(page, "claim")
    page.get_by_role("button", name="Declaratie indienen").click()  # nothing typed: the page says what is missing
    # first at the top, where the page opens (the form is below the calculation), then at the field
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("IBAN: Vul het IBAN in.")
    expect(page.get_by_text("Vul het IBAN in.", exact=True)).to_be_visible()
    expect(page.get_by_label("IBAN")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    shot(page, "claim-needs-account")
    page.get_by_label("IBAN").fill("NL91 ABNA 0417 1643 00")
    page.get_by_label("Tenaamstelling").fill("Stichting Testcollege")
    page.get_by_role("button", name="Declaratie indienen").click()
    # checked first, then asked on a page of its own: submitting cannot be taken back
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaratie indienen: controleren")
    expect(page.locator("#confirm-question")).to_contain_text("indienen?")
    expect(page.locator("main")).to_contain_text("NL91 ABNA 0417 1643 00")
    assert_accessible(page)
    page.get_by_role("button", name="Declaratie indienen").click()
    expect(page.get_by_text("Uw declaratie is ingediend")).to_be_visible()
    assert_accessible(page)
    shot(page, "claim-submitted")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("CSV")).first.click()
    target = shot.directory / download.value.suggested_filename
    download.value.save_as(target)
    rows = [line.split(";") for line in target.read_bytes().decode("utf-8-sig").splitlines()]
    # 3 sessions: 15 h + 16 h + 16 h at 55 euros, in Dutch Excel's number format; the status in Dutch
    assert rows[-2][:5] == ["totaal", "", "", "47,00", "2585,00"] and rows[-1][:2] == ["status", "ingediend"]

    claim = ReimbursementClaim.objects.get(trajectory=trajectory)
    assert claim.status == "submitted" and claim.iban == "NL91ABNA0417164300"
    assert len(shot.assert_saved(minimum=10)) == 10


def test_staff_match_change_confirm_and_publish(live_server, page, login_page, assert_accessible, shot):
    tranche = TrancheFactory()
    first = GoodPracticeFactory(title="Eerste route", ambassador=AmbassadorSchoolFactory())
    second = GoodPracticeFactory(title="Tweede route", ambassador=AmbassadorSchoolFactory())
    for _ in range(2):
        AdviserFactory()
    schools = {}
    for name, choices in (("Het Koppelcollege", [first, second]), ("De Brugschool", [first])):
        schools[name] = PartnerApplicationFactory(tranche=tranche, school=SchoolFactory(name=name),
                                                  status="submitted")
        for rank, practice in enumerate(choices, start=1):
            PreferenceFactory(application=schools[name], practice=practice, rank=rank)
    staff = UserFactory(roles=[Role.STAFF])

    # The start page says what needs staff now; matching is one click from there and from the admin home.
    login_page(staff.email)
    page.goto(f"{live_server.url}/start/")
    expect(page.get_by_role("link", name="Aanmeldingen om te beoordelen: 2")).to_be_visible()
    expect(page.get_by_role("link", name=f"Koppelen: {tranche}")).to_be_visible()
    expect(page.get_by_text("Aanmelden als partnerschool")).to_have_count(0)
    assert_accessible(page)
    shot(page, "start")
    page.get_by_role("link", name="Beheer", exact=True).click()
    expect(page.locator("#site-name")).to_be_visible()
    assert_accessible(page)
    shot(page, "admin-index")
    page.locator("#content-main").get_by_role("link", name="Trajecten", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/trajectories/trajectory/$"))
    assert_accessible(page)
    shot(page, "trajectories")
    page.get_by_role("link", name="Naar koppelen").click()
    expect(page.get_by_text("Nog geen voorstellen.")).to_be_visible()
    assert_accessible(page)
    shot(page, "matching")

    # Auto-match the whole tranche.
    page.get_by_label("Ik weet dat de aanmelding nog open is en wil toch nu een koppelvoorstel maken").check()
    page.get_by_role("button", name="Koppelvoorstel maken (hele tranche)").click()
    expect(page.get_by_text("2 voorstellen gemaakt")).to_be_visible()
    shot(page, "auto-matched")

    # Change one proposal, with the reason the form requires.
    page.get_by_role("row", name=re.compile("Het Koppelcollege")).get_by_role("link", name="wijzigen").click()
    expect(page.get_by_role("heading", name="Het Koppelcollege")).to_be_visible()
    assert_accessible(page)
    shot(page, "change-proposal")
    page.get_by_label("Tweede route").first.check()
    page.get_by_role("button", name="Wijzigen", exact=True).click()
    expect(page.get_by_text("Geef een reden op")).to_be_visible()
    shot(page, "change-needs-reason")
    page.get_by_label("Tweede route").first.check()
    page.get_by_label("Reden van de wijziging (verplicht)").fill("school kiest liever de tweede route")
    page.get_by_role("button", name="Wijzigen", exact=True).click()
    expect(page.get_by_text("Voorstel gewijzigd")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Het Koppelcollege"))).to_contain_text("Tweede route")
    shot(page, "proposal-changed")

    # Confirm both, then publish both (which mails the pairs).
    for name in schools:
        page.get_by_label(f"Selecteer {name}").check()
    page.get_by_role("button", name="Selectie bevestigen").click()
    expect(page.get_by_text("2 voorstellen bevestigd")).to_be_visible()
    shot(page, "confirmed")
    mails_before = len(mail.outbox)
    for name in schools:
        page.get_by_label(f"Selecteer {name}").check()
    asked = answer_yes(page)  # publishing mails every pair: the button asks first
    page.get_by_role("button", name="Selectie publiceren en mailen").click()
    expect(page.get_by_text("2 trajecten gepubliceerd")).to_be_visible()
    assert asked and "publiceren" in asked[0]
    for name in schools:
        expect(page.get_by_role("row", name=re.compile(name))).to_contain_text("gepubliceerd")
    shot(page, "published")

    changed = Trajectory.objects.get(application=schools["Het Koppelcollege"])
    assert changed.status == "published" and changed.practice == second and "tweede route" in changed.explanation
    assert Trajectory.objects.get(application=schools["De Brugschool"]).practice == first
    assert Trajectory.objects.filter(status="published").count() == 2
    assert len(mail.outbox) > mails_before
    assert [p.name for p in shot.assert_saved(minimum=10)][-1] == "10-published.png"


def test_staff_confirms_matching_before_the_deadline_and_is_refused_a_full_school(live_server, page, login_page,
                                                                                 assert_accessible, shot):
    """Issue 16: before the deadline auto-match asks first and marks its proposals; moving a proposal into a full
    ambassador school is refused at once, naming who holds the seats; confirming the selection then loses no one."""
    tranche = TrancheFactory(ambassador_capacity=1)  # the deadline is a month away
    full = GoodPracticeFactory(title="Volle route", ambassador=AmbassadorSchoolFactory())
    spare = GoodPracticeFactory(title="Vrije route", ambassador=AmbassadorSchoolFactory())
    AdviserFactory()
    choices = {"De Eerste School": [full], "De Tweede School": [spare, full]}
    for name, practices in choices.items():
        application = PartnerApplicationFactory(tranche=tranche, school=SchoolFactory(name=name), status="submitted")
        for rank, practice in enumerate(practices, start=1):
            PreferenceFactory(application=application, practice=practice, rank=rank)
    staff = UserFactory(roles=[Role.STAFF])
    page.set_viewport_size({"width": 1280, "height": 900})

    login_page(staff.email)
    page.goto(f"{live_server.url}/admin/trajectories/trajectory/koppelen/{tranche.pk}/")
    expect(page.locator("#before-close")).to_contain_text("De aanmelding is nog open.")
    assert_accessible(page)
    shot(page, "matching-before-deadline")
    page.get_by_role("button", name="Koppelvoorstel maken (hele tranche)").click()
    expect(page.get_by_text("Bevestig dat u toch nu een koppelvoorstel wilt maken")).to_be_visible()
    shot(page, "auto-match-asks-first")
    page.get_by_label("Ik weet dat de aanmelding nog open is en wil toch nu een koppelvoorstel maken").check()
    page.get_by_role("button", name="Koppelvoorstel maken (hele tranche)").click()
    expect(page.get_by_text("2 voorstellen gemaakt")).to_be_visible()
    for name in choices:
        expect(page.get_by_role("row", name=re.compile(name))).to_contain_text("vóór deadline")
    assert_accessible(page)
    shot(page, "proposals-marked")

    page.get_by_role("row", name=re.compile("De Tweede School")).get_by_role("link", name="wijzigen").click()
    full_row = page.locator("#alternatives").get_by_role("row", name=re.compile("Volle route"))
    expect(full_row).to_contain_text("vol (1 van 1)")
    expect(full_row).to_contain_text("bezet door De Eerste School (voorgesteld)")
    expect(page.locator("#alternatives").get_by_role("row", name=re.compile("Vrije route"))).to_contain_text(
        "huidig voorstel")
    assert_accessible(page)
    shot(page, "alternatives")
    expect(page.get_by_label("Volle route")).to_be_disabled()  # its row says why; through "Deze combinatie":
    page.locator("#other-practice").select_option(label=page.locator("#other-practice option", has_text="Volle route")
                                                  .inner_text())
    page.locator("#other-adviser").select_option(index=1)
    page.get_by_label("Deze combinatie:").check()
    page.get_by_label("Reden van de wijziging (verplicht)").fill("school wil toch de volle route")
    page.get_by_role("button", name="Wijzigen", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("bezet door De Eerste School (voorgesteld)")
    assert_accessible(page)
    shot(page, "change-refused")

    page.get_by_role("link", name=re.compile("Koppelen")).click()
    for name in choices:
        page.get_by_label(f"Selecteer {name}").check()
    page.get_by_role("button", name="Selectie bevestigen").click()
    expect(page.get_by_text("2 voorstellen bevestigd")).to_be_visible()
    shot(page, "confirmed")
    assert Trajectory.objects.filter(status="confirmed").count() == 2
    page.goto(f"{live_server.url}/admin/trajectories/trajectory/")
    expect(page.locator("th.column-before_close")).to_be_visible()
    assert_accessible(page)
    shot(page, "changelist-marked")
    assert len(shot.assert_saved(minimum=7)) == 7


def meeting_card(page, meeting: str):
    """The card of one meeting on the trajectory page (one card per meeting, headed by its name)."""
    return page.locator("li.card").filter(has=page.get_by_role("heading", name=meeting, exact=True))


def test_adviser_plans_logs_the_sessions_and_records_the_outcome(live_server, page, login_page, assert_accessible,
                                                                  shot, group, media):
    trajectory, members = group
    school = trajectory.application.school.name
    # Hours per member (Lid 0..3) for the kickoff, the three guided sessions and the closing conversation.
    logs = [
        ("startgesprek", ["1,5", "1,5", "0", "0"], None, "yes"),
        ("begeleide bijeenkomst 1", ["4", "4", "4", "3,5"], "2", "yes"),
        ("begeleide bijeenkomst 2", ["4", "3,75", "4", "0"], "3", ""),
        ("begeleide bijeenkomst 3", ["4", "4", "3,25", "4"], "4", "no"),
        ("adviesgesprek", ["1,5", "1,5", "0", "0"], None, "yes"),
    ]

    # On a phone: log in, open the menu, find the trajectory. Every step is photographed on the phone and on a desktop.
    shot.widths = (390, 1280)
    page.set_viewport_size({"width": 390, "height": 844})
    login_page(trajectory.adviser.user.email)
    page.get_by_role("button", name="Menu openen").click()
    page.get_by_role("link", name="Mijn trajecten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn trajecten")
    assert_accessible(page)
    shot(page, "my-trajectories")
    page.get_by_role("link", name=school).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(school)
    assert_accessible(page)
    shot(page, "trajectory")

    # Plan the kickoff inside the tranche's window.
    page.get_by_role("link", name="Verplaatsen startgesprek").click()
    expect(page.get_by_label("Datum en begintijd")).to_be_visible()
    assert_accessible(page)
    shot(page, "schedule-kickoff")
    page.get_by_label("Datum en begintijd").fill(f"{trajectory.tranche.kickoff_starts_on:%Y-%m-%d}T14:00")
    page.get_by_label("Duur (minuten)").fill("90")
    page.get_by_label("Locatie").fill("Mediatheek")
    page.get_by_role("button", name="Verplaatsen", exact=True).click()
    # (the sessions of this trajectory took place two days ago: the kickoff would come after them, which is asked)
    expect(page.locator("#schedule-warnings")).to_contain_text("Volgorde: startgesprek komt op")
    expect(page.locator("#schedule-warnings")).to_contain_text("14:00 na begeleide bijeenkomst 1")
    page.get_by_role("button", name="Toch verplaatsen", exact=True).click()
    expect(page.get_by_text("De bijeenkomst is verplaatst")).to_be_visible()
    expect(meeting_card(page, "startgesprek")).to_contain_text("Mediatheek")
    shot(page, "kickoff-planned")

    # The kickoff is still to come: it cannot be logged as held, and the page says why. (It really took place
    # yesterday: the adviser moves it to that day first.)
    page.get_by_role("link", name="Verslag startgesprek", exact=True).click()
    held = page.get_by_role("radio", name="gehouden")
    expect(held).to_be_disabled()
    expect(held).not_to_be_checked()
    expect(page.get_by_role("radio", name="geannuleerd")).to_be_enabled()
    expect(page.locator("#held-refusal")).to_contain_text("kan daarom nog niet als gehouden worden vastgelegd")
    assert_accessible(page)
    shot(page, "kickoff-not-yet-held")
    page.get_by_role("link", name="Bijeenkomst verplaatsen").click()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Datum en begintijd").fill(f"{yesterday:%Y-%m-%d}T14:00")
    page.get_by_role("button", name="Verplaatsen", exact=True).click()
    # a date in the past mails everyone an update: asked first
    expect(page.get_by_text("Nog niets verstuurd")).to_be_visible()
    expect(page.locator("#schedule-warnings")).to_contain_text("ligt in het verleden")
    assert_accessible(page)
    shot(page, "move-to-the-past-asks")
    page.get_by_role("button", name="Toch verplaatsen", exact=True).click()
    expect(page.get_by_text("De bijeenkomst is verplaatst")).to_be_visible()

    # Log the kickoff, the three guided sessions (quarter hours, progress meter) and the closing conversation.
    for number, (meeting, hours, progress, leader) in enumerate(logs):
        # A meeting whose start has passed waits for its log: the page flags it and offers "Verslag vastleggen".
        card = meeting_card(page, meeting)
        expect(card).to_contain_text("Wacht op verslag")
        card.get_by_role("link", name=f"Verslag vastleggen {meeting}").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(meeting)
        if number == 0:
            assert_accessible(page)
        expect(page.get_by_role("radio", name="gehouden")).not_to_be_checked()  # never preselected
        page.locator("label", has_text=re.compile("^gehouden$")).click()
        for member, value in zip(members, hours, strict=True):
            page.get_by_label(f"Uren aanwezig: {member.name}").fill(value)
        page.get_by_label("Schoolleider aanwezig").select_option(leader)
        page.get_by_label("Ambassadeur aanwezig").select_option("yes")
        if progress:
            page.get_by_label("Voortgangsmeter").select_option(progress)
        page.get_by_label("Verslag", exact=True).fill(f"Verslag van het {meeting}.")
        page.get_by_label("Afspraken").fill("Werkgroep werkt het actieplan bij.")
        if meeting == "begeleide bijeenkomst 2":  # a typo that is not a quarter hour is refused, the rest kept
            page.get_by_label(f"Uren aanwezig: {members[1].name}").fill("3,8")
            page.get_by_role("button", name="Verslag opslaan").click()
            expect(page.locator("#error-summary")).to_contain_text("kwartieren")
            expect(page.get_by_label(f"Uren aanwezig: {members[0].name}")).to_have_value("4")
            assert_accessible(page)
            shot(page, "log-session-2-not-quarter-hours")
            page.get_by_label(f"Uren aanwezig: {members[1].name}").fill("3,75")
        shot(page, f"log-{meeting}")
        page.get_by_role("button", name="Verslag opslaan").click()
        expect(page.get_by_text("Het verslag is opgeslagen.")).to_be_visible()
        card = meeting_card(page, meeting)
        expect(card).to_contain_text("gehouden")
        expect(card).not_to_contain_text("Wacht op verslag")
        if progress:
            expect(card).to_contain_text(f"{progress} van 5")
        shot(page, f"saved-{meeting}")

    # The closing result.
    page.get_by_role("link", name="Resultaat vastleggen").click()
    expect(page.get_by_label("Korte samenvatting")).to_be_visible()
    assert_accessible(page)
    shot(page, "outcome")
    page.get_by_label("De good practice is geïmplementeerd").check()
    page.get_by_label("Korte samenvatting").fill("De ouderavond wordt nu door leerlingen geleid.")
    page.get_by_role("button", name="Resultaat opslaan").click()
    expect(page.get_by_text("Het resultaat van het traject is opgeslagen.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("De ouderavond wordt nu door leerlingen geleid.")
    shot(page, "outcome-recorded")

    meetings = {str(m): m for m in Meeting.objects.filter(trajectory=trajectory)}
    assert all(m.status == "held" for m in meetings.values()) and len(meetings) == 5
    assert [meetings[f"begeleide bijeenkomst {n}"].progress for n in (1, 2, 3)] == [2, 3, 4]
    assert meetings["startgesprek"].location == "Mediatheek"
    assert meetings["begeleide bijeenkomst 2"].attendances.get(member=members[1]).hours_present == Decimal("3.75")
    trajectory.refresh_from_db()
    assert trajectory.outcome_kind == "implemented"
    # only the guided sessions count: 42.5 h × €55 (computed from the logs as the school's claim page reads it)
    claim = claim_service.money(claim_service.ensure_claim(trajectory))[1]
    assert claim.counted_hours == Decimal("42.50") and claim.amount == Decimal("2337.50")
    assert len(shot.assert_saved(minimum=38)) == 38


def test_finance_approves_exports_downloads_and_marks_paid(live_server, page, login_page, assert_accessible, shot,
                                                           artifacts_dir, group, media):
    trajectory, members = group
    school = trajectory.application.school.name
    for session in trajectory.meetings.filter(kind=Meeting.Kind.SESSION):  # the adviser's logs: 3 × 4 members × 4 h
        meeting_service.log_meeting(session, entry(members), by=trajectory.adviser.user)
    claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban="NL91 ABNA 0417 1643 00",
                                       account_holder="Stichting Testcollege", by=trajectory.application.created_by)
    assert claim.amount == Decimal("2640.00")
    finance = UserFactory(roles=[Role.FINANCE])
    shot.widths = (1280,)

    # The claim queue, the claim and the attendance behind it.
    login_page(finance.email)
    page.get_by_role("link", name="Declaraties", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaraties verletkosten")
    expect(page.get_by_role("row", name=re.compile(school))).to_contain_text("€\u00a02.640,00")
    assert_accessible(page)
    shot(page, "claim-queue")
    page.get_by_role("link", name=school, exact=True).click()
    expect(page.locator("main")).to_contain_text("Stichting Testcollege, NL91 ABNA 0417 1643 00")
    assert_accessible(page)
    shot(page, "claim")
    page.get_by_role("link", name="Naar het traject").click()
    page.get_by_role("group").filter(has_text="begeleide bijeenkomst 1").locator("summary").click()
    expect(page.get_by_text(f"{members[0].name}: 4 uur").first).to_be_visible()
    assert_accessible(page)
    shot(page, "attendance")

    # Approve, on the claim page that shows what is approved.
    page.get_by_role("link", name="Declaraties", exact=True).click()
    page.get_by_role("link", name=f"Controleren en goedkeuren {school}").click()
    expect(page.locator("main")).to_contain_text("Goedkeuren keurt € 2.640,00 goed")
    page.get_by_role("button", name="€ 2.640,00 goedkeuren").click()
    expect(page.get_by_text(f"Goedgekeurd: € 2.640,00 voor {school}.")).to_be_visible()
    expect(page.get_by_text("1 goedgekeurd")).to_be_visible()
    shot(page, "approved")

    # Make the payment file: first the preview (claims, total, payee accounts), then confirm.
    page.get_by_role("link", name="Betaalbestanden", exact=True).first.click()
    expect(page.get_by_text("1 goedgekeurde declaratie")).to_be_visible()
    assert_accessible(page)
    shot(page, "batches")
    page.get_by_role("link", name="Betaalbestand maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Betaalbestand maken: controleren")
    expect(page.locator("main")).to_contain_text("Er komt 1 overboeking in het bestand, samen € 2.640,00.")
    expect(page.get_by_role("row", name=re.compile(school))).to_contain_text("NL91 ABNA 0417 1643 00")
    assert ExportBatch.objects.count() == 0  # nothing written by looking
    assert_accessible(page)
    shot(page, "batch-preview")
    page.get_by_role("button", name="Bevestigen: betaalbestand maken (€ 2.640,00)").click()
    expect(page.get_by_text(re.compile(r"Betaalbestand LOB-\S+ gemaakt met 1 declaratie"))).to_be_visible()
    assert_accessible(page)
    shot(page, "batch-created")
    files = {}
    for fmt, link in (("CSV", "CSV (voor Excel)"), ("XLSX", "Excel (XLSX)"), ("SEPA", "SEPA-bestand voor de bank")):
        with page.expect_download() as download:
            page.get_by_role("link", name=link, exact=True).click()
        target = artifacts_dir / download.value.suggested_filename
        download.value.save_as(target)
        files[fmt] = Path(target).read_bytes()
    assert "Stichting Testcollege" in files["CSV"].decode("utf-8-sig") and "NL91ABNA0417164300" in files["CSV"].decode(
        "utf-8-sig")
    assert files["XLSX"].startswith(b"PK")
    assert b"pain.001.001.03" in files["SEPA"] and b"2640.00" in files["SEPA"]

    # Mark the batch paid with the day the bank executed it; a day in the future is refused.
    paid_button = page.get_by_role("button", name="Markeer 1 overboeking als betaald")
    date_field = page.get_by_label("Datum waarop de bank het bestand heeft uitgevoerd")
    date_field.fill(f"{timezone.localdate() + dt.timedelta(days=1):%Y-%m-%d}")
    paid_button.click()  # refused before anything is asked
    expect(page.locator("#error-summary")).to_contain_text("De betaaldatum ligt in de toekomst")
    expect(date_field).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    today = timezone.localdate()
    date_field.fill(f"{today:%Y-%m-%d}")
    paid_button.click()
    # marking paid cannot be undone: with a date it can take, a page of its own asks first
    expect(page.get_by_role("heading", level=1)).to_have_text("Betaling vastleggen: controleren")
    expect(page.locator("#confirm-question")).to_contain_text("dit kunt u niet ongedaan maken")
    assert_accessible(page)
    page.get_by_role("button", name="Markeer 1 overboeking als betaald").click()
    expect(page.get_by_text(f"1 declaratie gemarkeerd als betaald op {today:%d-%m-%Y}.")).to_be_visible()
    expect(page.get_by_role("cell", name="betaald", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Betaald op: {today:%d-%m-%Y}")
    shot(page, "paid")
    page.get_by_role("link", name="Declaraties", exact=True).click()
    page.get_by_label("Status").select_option(label="betaald")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("row", name=re.compile(school))).to_contain_text("betaald")
    shot(page, "claim-queue-paid")

    claim.refresh_from_db()
    assert claim.status == "paid" and claim.amount == Decimal("2640.00")
    batch = ExportBatch.objects.get()
    assert batch.claim_count == 1 and batch.total_amount == Decimal("2640.00")
    assert claim.paid_on == today
    assert len(shot.assert_saved(minimum=9)) == 9
