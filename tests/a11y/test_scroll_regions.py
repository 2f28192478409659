"""Wide tables scroll sideways on a phone inside a region that keyboard users can focus (and so scroll) and screen
readers can name (axe: scrollable-region-focusable). One template tag makes every such wrapper."""

import datetime as dt
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import AttendanceFactory, MeetingFactory, TrajectoryFactory, WorkingGroupMemberFactory
from trajectories.models import Meeting

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_the_tag_makes_a_focusable_named_region():
    html = Template('{% load lobmatch %}{% scroll_region _("Declaraties") %}').render(Context())
    assert html == '<div class="table-responsive" tabindex="0" role="region" aria-label="Declaraties">'


def test_every_scrolling_table_wrapper_comes_from_the_tag():
    users = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")
                   if "{% scroll_region" in p.read_text(encoding="utf-8"))
    # (The adviser's list and trajectory page are cards, with no wide table to scroll.)
    assert {"trajectories/claim_detail.html", "trajectories/finance_claims.html", "trajectories/dashboard.html",
            "ambassadors/my_practices.html"} <= set(users)
    hand_made = [p.name for p in TEMPLATES.rglob("*.html") if 'class="table-responsive' in p.read_text("utf-8")]
    assert hand_made == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_school_scrolls_its_claim_table_by_keyboard_on_a_phone(live_server, browser, assert_accessible):
    trajectory = TrajectoryFactory()
    meeting = MeetingFactory(trajectory=trajectory, number=1, status=Meeting.Status.HELD,
                             planned_start=timezone.now() - dt.timedelta(days=3))
    for i in range(3):
        member = WorkingGroupMemberFactory(application=trajectory.application, name=f"Werkgroeplid met een lange naam {i}")
        AttendanceFactory(meeting=meeting, member=member)
    # 320 px, WCAG's reflow width: at 390 px the claim table now fits (its headers wrap), on the smallest phones it
    # still scrolls sideways
    phone = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page = phone.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", trajectory.application.created_by.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/declaratie/")
    region = page.get_by_role("region", name="Berekening per begeleide bijeenkomst en werkgroeplid, uit de verslagen van de adviseur")
    expect(region).to_be_visible()
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it does scroll sideways on a phone
    assert_accessible(page)
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    phone.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_school_reads_its_applications_as_cards_on_a_phone(live_server, browser, assert_accessible):
    """A list a school opens on a phone stacks each row with its column names ("table-stack"): it used to scroll
    sideways with nothing to say the deadline was off screen."""
    from tests.factories import PartnerApplicationFactory

    application = PartnerApplicationFactory(status="draft")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = phone.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", application.created_by.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/aanmelden/mijn/")
    region = page.get_by_role("region", name="Mijn aanmeldingen")
    assert not region.evaluate("el => el.scrollWidth > el.clientWidth")  # nothing hides to the right
    deadline = page.locator("td[data-label='Deadline']")
    expect(deadline).to_be_visible()
    assert deadline.bounding_box()["x"] + deadline.bounding_box()["width"] <= 390
    label = deadline.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"Deadline"'  # the column's name stands above the value
    assert_accessible(page)
    phone.close()
