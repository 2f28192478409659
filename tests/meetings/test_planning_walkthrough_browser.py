"""The whole planning walk as its users make it, on a phone (390×844, touch) and on a desktop (1280×800), in Dutch
and once in English: the adviser proposes three slots (one overlapping another of the adviser's meetings, which the
form warns about before sending), the school leader, the project leader and the ambassador answer through their
personal links, the adviser picks the suggested slot and moves the meeting, the school contact sees the meeting's
state, and a person renews and revokes their calendar link. Every page: no horizontal scrolling and no
serious/critical axe violation.

With SCREENSHOT_DIR set, every step is saved there as a PNG (to look at the pages; nothing is asserted on them)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from playwright.sync_api import expect

from lobmatch.models import Role
from tests.factories import MeetingFactory, TrajectoryFactory, UserFactory
from tests.questions import answer_yes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AMS = ZoneInfo("Europe/Amsterdam")
LINK = re.compile(r"/trajecten/planning/[0-9]+\.[A-Za-z0-9_-]+/")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SHOTS = os.environ.get("SCREENSHOT_DIR")

TEXT = {
    "nl": {"propose": "Tijdstippen voorstellen startgesprek", "slot": "Tijdstip {}", "duration": "Duur (minuten)",
           "location": "Locatie", "send": "Peiling versturen", "sent": "De peiling is verstuurd",
           "overlap": "overlapt met uw", "not_yet": "Nog niets verstuurd", "anyway": "Toch versturen",
           "heading": "Wanneer kunt u?", "save": "Antwoord opslaan",
           "saved": "uw antwoord is opgeslagen", "suggested": "beste keuze", "choose": "Dit tijdstip kiezen",
           "planned": "De bijeenkomst is gepland", "move": "Verplaatsen startgesprek", "start": "Datum en begintijd",
           "move_button": "Verplaatsen", "moved": "De bijeenkomst is verplaatst", "make": "Agendalink maken",
           "renew": "Nieuwe agendalink maken", "revoke": "Agendalink intrekken",
           "made": "Uw agendalink is klaar", "renewed": "nieuwe agendalink", "revoked": "De agendalink is ingetrokken",
           "too_few": "Stel 2 tot 6 verschillende", "unanswered": "Geef aan of u op dit tijdstip kunt.",
           "when": "De bijeenkomst is gepland op",
           "cancel": "Bijeenkomst annuleren", "cancel_sure": "Ja, annuleren", "cancelled": "is geannuleerd",
           "answers": {"nee": "nee", "ja": "ja", "zo nodig": "zo nodig"}},
    "en": {"propose": "Propose times kickoff meeting", "slot": "Time {}", "duration": "Duration (minutes)",
           "location": "Location", "send": "Send the poll", "sent": "The poll has been sent",
           "overlap": "overlaps your", "not_yet": "Nothing has been sent yet", "anyway": "Send anyway",
           "heading": "When can you come?", "save": "Save answer",
           "saved": "your answer has been saved", "suggested": "best choice", "choose": "Choose this time",
           "planned": "The meeting has been planned", "move": "Move kickoff meeting", "start": "Date and start time",
           "move_button": "Move", "moved": "The meeting has been moved", "make": "Make a calendar link",
           "renew": "Make a new calendar link", "revoke": "Revoke the calendar link",
           "made": "Your calendar link is ready", "renewed": "new calendar link", "revoked": "The calendar link has been revoked",
           "too_few": "Propose 2 to 6 different", "unanswered": "Say whether you can come at this time.",
           "when": "The meeting has been planned for",
           "cancel": "Cancel the meeting", "cancel_sure": "Yes, cancel", "cancelled": "has been cancelled",
           "answers": {"nee": "no", "ja": "yes", "zo nodig": "if need be"}},
}


# Words of the Dutch interface that an English page must not show (the data itself, names and places, may be Dutch).
DUTCH = re.compile(r"\b(Nog|niet|bijeenkomst|[Pp]eiling|Tijdstip|[Vv]erplaatsen|annuleren|geantwoord|Terug|"
                   r"[Aa]gendalink|Locatie|gepland|uitnodiging|Wanneer|opslaan|kiezen|zo nodig|Duur)\b")

ENGLISH = re.compile(r"\b(the|Poll|Times?|Choose|Save|calendar|meeting|Move|Cancel|answer|Back|expected)\b")


def fits(page):
    """Nothing wider than the screen: a phone user never scrolls sideways."""
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url}: {width[0]} px wide on a {width[1]} px screen"


def thumb_sized(targets):
    """Every answer a target of at least 44 × 44 px (WCAG 2.5.5), with room between neighbours."""
    boxes = [targets.nth(i).bounding_box() for i in range(targets.count())]
    assert boxes
    for box in boxes:
        assert box["height"] >= 44 and box["width"] >= 44, box
    for left, right in zip(boxes, boxes[1:], strict=False):
        if left["y"] == right["y"]:  # neighbours on one row
            assert right["x"] - (left["x"] + left["width"]) >= 4, (left, right)


@pytest.fixture
def look(assert_accessible):
    """``look(page, name)``: the checks every page gets, and its screenshot when SCREENSHOT_DIR is set."""

    def check(page, name):
        page.wait_for_load_state()
        leak = (DUTCH if name.split("-")[1] == "en" else ENGLISH).search(page.locator("body").inner_text())
        assert leak is None, f"{name}: {leak.group(0)!r} in the other language"
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
        fits(page)
        # a heading starts with a capital, also when it starts with the meeting's name ("startgesprek plannen")
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^[A-Z]"))
        assert_accessible(page)

    return check


@pytest.mark.parametrize(("device", "lang"), [("phone", "nl"), ("desktop", "nl"), ("phone", "en")])
def test_the_planning_walk(live_server, browser, look, device, lang):
    t = TEXT[lang]
    settings = {**(PHONE if device == "phone" else DESKTOP), "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}
    trajectory = TrajectoryFactory()
    ambassador = UserFactory(email="ambassadeur@voorbeeld.example", first_name="Anna", last_name="Amba",
                             roles=[Role.AMBASSADOR])
    trajectory.practice.ambassador.contacts.add(ambassador)
    adviser = trajectory.adviser.user
    day = trajectory.tranche.kickoff_starts_on
    weekdays = [d for d in (day + dt.timedelta(days=i) for i in range(1, 10)) if d.weekday() < 5][:3]
    slots = [dt.datetime.combine(d, dt.time(14, 0)) for d in weekdays]  # (a weekend slot is warned about too)
    # Another school of the same adviser already has a meeting at the first slot: the adviser is warned.
    MeetingFactory(trajectory=TrajectoryFactory(adviser=trajectory.adviser), kind="session", number=1,
                   planned_start=slots[0].replace(tzinfo=AMS), duration_minutes=240)
    prefix = f"{device}-{lang}"

    def new_page():
        context = browser.new_context(**settings)
        if lang == "en":
            context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        return context.new_page()

    def login(page, email):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", "correct horse battery")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    # The adviser proposes three slots.
    page = new_page()
    login(page, adviser.email)
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/")
    look(page, f"{prefix}-01-adviser-trajectory")
    page.get_by_role("link", name=t["propose"]).click()
    look(page, f"{prefix}-02-poll-create")
    # the times the page asks for come first, before duration and location
    expect(page.locator("main form input:not([type=hidden])").first).to_have_attribute("name", "slot_1")
    # One slot is too few: the adviser is told so and loses nothing typed.
    page.get_by_label(t["slot"].format(1), exact=True).fill(f"{slots[0]:%Y-%m-%dT%H:%M}")
    page.get_by_label(t["location"]).fill("Mediatheek")
    page.get_by_role("button", name=t["send"]).click()
    expect(page.get_by_text(t["too_few"])).to_be_visible()
    expect(page.get_by_label(t["slot"].format(1), exact=True)).to_have_value(f"{slots[0]:%Y-%m-%dT%H:%M}")
    expect(page.get_by_label(t["location"])).to_have_value("Mediatheek")
    look(page, f"{prefix}-02b-poll-create-error")
    for i, slot in enumerate(slots, start=1):
        page.get_by_label(t["slot"].format(i), exact=True).fill(f"{slot:%Y-%m-%dT%H:%M}")
    page.get_by_label(t["duration"]).fill("90")
    page.get_by_label(t["location"]).fill("Mediatheek")
    page.get_by_role("button", name=t["send"]).click()
    # The overlap is shown before anyone is mailed; the adviser sends the poll anyway.
    expect(page.get_by_text(t["not_yet"])).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=t["overlap"])).to_be_visible()
    # and under the slot it is about (the first), which the input is described by
    expect(page.get_by_label(t["slot"].format(1), exact=True)).to_have_accessible_description(
        re.compile(t["overlap"]))
    expect(page.get_by_label(t["slot"].format(3), exact=True)).to_have_value(f"{slots[2]:%Y-%m-%dT%H:%M}")
    look(page, f"{prefix}-02c-poll-create-warned")
    page.get_by_role("button", name=t["anyway"]).click()
    expect(page.get_by_text(t["sent"])).to_be_visible()
    expect(page.get_by_text(t["overlap"])).to_be_visible()
    look(page, f"{prefix}-03-poll-detail-sent")

    # While the poll runs, the school contact sees on the school's page who has not answered yet.
    school = new_page()
    login(school, trajectory.application.created_by.email)
    school.goto(f"{live_server.url}/trajecten/{trajectory.pk}/")
    expect(school.locator("li.card").first).to_contain_text("Karel Bos")
    look(school, f"{prefix}-03b-school-trajectory-poll-open")

    links = {message.to[0]: LINK.search(message.body).group(0) for message in mail.outbox}
    answers = {"karel@example.org": ["nee", "ja", "ja"], "petra@example.org": ["ja", "ja", "zo nodig"],
               ambassador.email: ["zo nodig", "ja", "nee"]}
    for n, (email, picks) in enumerate(answers.items()):
        phone = new_page()
        phone.goto(f"{live_server.url}{links[email]}")
        expect(phone.get_by_role("heading", level=1)).to_have_text(t["heading"])
        if n == 0:
            look(phone, f"{prefix}-04-answer-empty")
            thumb_sized(phone.locator("fieldset label"))
        if n == 1:  # the project leader saves with one slot unanswered: told which, the other answers kept
            phone.locator("fieldset").first.get_by_text(t["answers"][picks[0]], exact=True).click()
            phone.get_by_role("button", name=t["save"]).click()
            expect(phone.get_by_text(t["unanswered"]).first).to_be_visible()
            expect(phone.locator("fieldset").first.get_by_role("radio", name=t["answers"][picks[0]], exact=True)
                   ).to_be_checked()
            look(phone, f"{prefix}-05b-answer-error")
            unanswered = phone.locator("fieldset").nth(1)
            expect(unanswered.get_by_text(t["unanswered"])).to_be_visible()
            unanswered.get_by_text(t["answers"][picks[1]], exact=True).click()  # answered now: the error goes
            expect(unanswered.get_by_text(t["unanswered"])).to_be_hidden()
            expect(unanswered.get_by_role("radio", name=t["answers"][picks[1]], exact=True)).not_to_have_attribute(
                "aria-invalid", "true")
        for group, pick in zip(phone.locator("fieldset").all(), picks, strict=True):
            choice = group.get_by_text(t["answers"][pick], exact=True)
            if device == "phone":
                choice.tap()
            else:
                choice.click()
            expect(group.get_by_role("radio", name=t["answers"][pick], exact=True)).to_be_checked()
        phone.get_by_role("button", name=t["save"]).click()
        expect(phone.get_by_role("status")).to_contain_text(t["saved"])
        if n == 0:
            look(phone, f"{prefix}-05-answer-saved")
        if n == 0:  # the school leader has no account: the calendar link is managed here
            phone.get_by_role("button", name=t["make"]).click()
            expect(phone.get_by_role("status")).to_contain_text(t["made"])
            look(phone, f"{prefix}-06-answer-feed-made")
            thumb_sized(phone.locator(".feed-actions button"))
            asked = answer_yes(phone)
            phone.get_by_role("button", name=t["revoke"]).click()
            expect(phone.get_by_role("status")).to_contain_text(t["revoked"])
            assert len(asked) == 1  # a revoked link cannot be brought back: asked first
        phone.context.close()

    # The adviser sees who answered what and picks the suggested slot, then moves the meeting.
    page.reload()
    suggested = page.locator("li.card", has=page.get_by_text(t["suggested"], exact=True))
    expect(suggested).to_contain_text(f"{slots[1].day}")
    expect(page.get_by_text(t["overlap"])).to_be_visible()  # still there when the adviser comes back to choose
    look(page, f"{prefix}-07-poll-detail-answered")
    thumb_sized(page.locator(".poll-slots button, .poll-slots summary"))
    asked = answer_yes(page)  # choosing mails everyone: asked first
    suggested.get_by_role("button", name=re.compile(t["choose"])).click()
    expect(page.get_by_text(t["planned"])).to_be_visible()
    assert len(asked) == 1
    look(page, f"{prefix}-08-trajectory-planned")
    # The school leader opens the link again: it says when the meeting is.
    again = new_page()
    again.goto(f"{live_server.url}{links['karel@example.org']}")
    expect(again.get_by_role("status")).to_contain_text(t["when"])
    look(again, f"{prefix}-08b-answer-after-choice")
    again.context.close()
    page.get_by_role("link", name=t["move"]).click()
    look(page, f"{prefix}-09-move")
    page.get_by_label(t["start"]).fill(f"{slots[2]:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name=t["move_button"], exact=True).click()
    expect(page.get_by_text(t["moved"])).to_be_visible()  # nothing to warn about: moved at once
    look(page, f"{prefix}-10-trajectory-moved")

    # The adviser's own calendar link.
    page.goto(f"{live_server.url}/trajecten/agenda/")
    page.get_by_role("button", name=t["make"]).click()
    expect(page.get_by_role("status")).to_contain_text(t["made"])
    asked = answer_yes(page)  # a new link stops the old one: asked first, as revoking is
    page.get_by_role("button", name=t["renew"]).click()
    expect(page.get_by_role("status")).to_contain_text(t["renewed"])
    assert len(asked) == 1
    look(page, f"{prefix}-11-my-feed")
    thumb_sized(page.locator("main form button"))
    asked = answer_yes(page)
    page.get_by_role("button", name=t["revoke"]).click()
    expect(page.get_by_role("status")).to_contain_text(t["revoked"])
    assert len(asked) == 1

    # The school contact sees the meeting's new state on the school's trajectory page.
    school.reload()
    expect(school.locator("li.card").first).to_contain_text(f"{slots[2].day}")
    look(school, f"{prefix}-12-school-trajectory")
    school.context.close()

    # Cancelling mails everyone and cannot be undone: the adviser is asked first, and nothing is sent before.
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/")
    page.get_by_role("link", name=t["move"]).click()
    mail.outbox.clear()
    page.get_by_role("link", name=t["cancel"]).click()
    expect(page.get_by_role("button", name=t["cancel_sure"])).to_be_visible()
    look(page, f"{prefix}-13-cancel-confirm")
    assert mail.outbox == []
    page.get_by_role("button", name=t["cancel_sure"]).click()
    expect(page.get_by_role("status")).to_contain_text(t["cancelled"])
    assert len(mail.outbox) == 4
    page.context.close()
