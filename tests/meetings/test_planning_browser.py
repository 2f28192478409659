"""The planning journey on phones (390 px): the adviser proposes three slots, the school leader, the project leader
and the ambassador answer through their personal links, the adviser picks the suggested slot and everyone gets
exactly one invitation; the adviser moves the meeting and everyone gets exactly one update. axe on every new page;
screenshots of the answer page and the adviser's poll page in /tmp/polls-*.png."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from playwright.sync_api import expect

from lobmatch.models import Role
from tests.factories import TrajectoryFactory, UserFactory
from tests.questions import answer_yes
from trajectories.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
AMS = ZoneInfo("Europe/Amsterdam")
LINK = re.compile(r"/trajecten/planning/[0-9]+\.[A-Za-z0-9_-]+/")


def test_plan_a_kickoff_with_a_poll_on_phones(live_server, page, browser, login_page, assert_accessible):
    trajectory = TrajectoryFactory()
    ambassador = UserFactory(email="ambassadeur@voorbeeld.example", first_name="Anna", last_name="Amba",
                             roles=[Role.AMBASSADOR])
    trajectory.practice.ambassador.contacts.add(ambassador)
    adviser = trajectory.adviser.user
    school = trajectory.application.school.name
    day = trajectory.tranche.kickoff_starts_on
    weekdays = [d for d in (day + dt.timedelta(days=i) for i in range(1, 10)) if d.weekday() < 5][:3]
    slots = [dt.datetime.combine(d, dt.time(14, 0)) for d in weekdays]  # (a weekend slot asks first)

    # The adviser proposes three slots on a phone.
    page.set_viewport_size(PHONE)
    login_page(adviser.email)
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/")
    page.get_by_role("link", name="Tijdstippen voorstellen startgesprek").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Startgesprek plannen")
    assert_accessible(page)
    for i, slot in enumerate(slots, start=1):
        page.get_by_label(f"Tijdstip {i}").fill(f"{slot:%Y-%m-%dT%H:%M}")
    page.get_by_label("Duur (minuten)").fill("90")
    page.get_by_label("Locatie").fill("Mediatheek")
    page.get_by_role("button", name="Peiling versturen").click()
    expect(page.get_by_text("De peiling is verstuurd")).to_be_visible()
    assert_accessible(page)

    links = {}
    for message in mail.outbox:
        links[message.to[0]] = LINK.search(message.body).group(0)
    assert set(links) == {"petra@example.org", "karel@example.org", ambassador.email}  # one mail each

    # Each answers on a phone, without an account: slot 2 suits everyone.
    answers = {"karel@example.org": ["nee", "ja", "ja"], "petra@example.org": ["ja", "ja", "zo nodig"],
               ambassador.email: ["zo nodig", "ja", "nee"]}
    for email, picks in answers.items():
        context = browser.new_context(viewport=PHONE, locale="nl-NL")
        phone = context.new_page()
        phone.goto(f"{live_server.url}{links[email]}")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Wanneer kunt u?")
        for group, pick in zip(phone.get_by_role("group").all(), picks, strict=True):
            group.get_by_text(pick, exact=True).click()  # the answer's button, as a thumb taps it
            expect(group.get_by_role("radio", name=pick, exact=True)).to_be_checked()
        if email == "karel@example.org":
            phone.screenshot(path="/tmp/polls-answer.png", full_page=True)
            assert_accessible(phone)
        phone.get_by_role("button", name="Antwoord opslaan").click()
        expect(phone.get_by_role("status")).to_contain_text("uw antwoord is opgeslagen")
        context.close()

    # The adviser sees who answered what and picks the suggested slot.
    page.reload()
    suggested = page.locator("li.card", has=page.get_by_text("beste keuze", exact=True))
    expect(suggested).to_contain_text(f"{slots[1].day}")
    expect(suggested).to_contain_text("Iedereen die nodig is, kan.")
    page.screenshot(path="/tmp/polls-adviser-poll.png", full_page=True)
    assert_accessible(page)
    mail.outbox.clear()
    asked = answer_yes(page)
    suggested.get_by_role("button", name=re.compile("Dit tijdstip kiezen")).click()
    expect(page.get_by_text("De bijeenkomst is gepland")).to_be_visible()
    assert asked == ["Dit tijdstip kiezen? De peiling sluit en iedereen die wordt verwacht, krijgt meteen een "
                     "uitnodiging."]
    kickoff_card = page.locator("li.card").filter(has=page.get_by_role("heading", name="startgesprek", exact=True))
    expect(kickoff_card).to_contain_text("Mediatheek")
    assert_accessible(page)
    everyone = sorted(["petra@example.org", "karel@example.org", ambassador.email, adviser.email.lower()])
    invitations = [m for m in mail.outbox if "Uitnodiging" in m.subject]
    assert sorted(m.to[0] for m in invitations) == everyone and len(mail.outbox) == len(everyone)
    assert all("METHOD:REQUEST" in m.attachments[0][1] for m in invitations)
    kickoff = Meeting.objects.get(trajectory=trajectory, kind="kickoff")
    assert kickoff.planned_start == slots[1].replace(tzinfo=AMS)

    # The adviser moves it: everyone gets exactly one update of the same event.
    mail.outbox.clear()
    page.get_by_role("link", name="Verplaatsen startgesprek").click()
    expect(page.get_by_label("Datum en begintijd")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Datum en begintijd").fill(f"{slots[2]:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Verplaatsen", exact=True).click()
    expect(page.get_by_text("De bijeenkomst is verplaatst")).to_be_visible()
    updates = [m for m in mail.outbox if "Gewijzigd" in m.subject]
    assert sorted(m.to[0] for m in updates) == everyone and len(mail.outbox) == len(everyone)
    assert all("SEQUENCE:1" in m.attachments[0][1] for m in updates)
    assert school in updates[0].subject
