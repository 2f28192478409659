"""Leaving the application form with what was typed and not saved asks first: switching the language (a form post
in the header), following a link, or leaving a page a malformed submit showed again. Declining keeps the page and
every typed value; saving as a draft, or a refused submit that was kept as the draft, leaves without a question."""

import pytest
from playwright.sync_api import expect

from tests.factories import GoodPracticeFactory, TrancheFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ask_and_stay(page):
    """Decline the browser's 'leave the page?' question; return the list the questions are counted in."""
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    return asked


def open_the_form_and_type_a_motivation(live_server, page, login_page):
    TrancheFactory()
    UserFactory(email="decaan@example.org")
    login_page("decaan@example.org")
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_label("Motivatie").fill("Wij willen leren van anderen")


def test_switching_the_language_with_typed_text_asks_and_keeps_it(live_server, page, login_page):
    TrancheFactory()
    GoodPracticeFactory()
    UserFactory(email="decaan@example.org")
    login_page("decaan@example.org")
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_role("textbox", name="Ambitie").fill("Een doorlopende leerlijn LOB")
    asked = ask_and_stay(page)
    page.locator("#language-select").select_option("en")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.get_by_role("textbox", name="Ambitie")).to_have_value("Een doorlopende leerlijn LOB")
    # Saving as a draft leaves without a question.
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Uw concept is opgeslagen")).to_be_visible()
    assert asked == ["beforeunload"]


def test_a_refused_submit_is_kept_as_a_draft_and_leaving_does_not_ask(live_server, page, login_page):
    open_the_form_and_type_a_motivation(live_server, page, login_page)
    page.get_by_role("button", name="Aanmelding indienen").click()
    expect(page.get_by_text("wat u invulde, is als concept bewaard")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    asked = ask_and_stay(page)
    page.get_by_role("link", name="Mijn aanmeldingen").first.click()
    expect(page.get_by_text("Concept")).to_be_visible()
    assert asked == []


def test_a_malformed_submit_is_shown_unsaved_and_leaving_asks(live_server, page, login_page):
    open_the_form_and_type_a_motivation(live_server, page, login_page)
    page.locator("#id_school_leader_email").fill("karel@")
    page.get_by_role("button", name="Aanmelding indienen").click()
    expect(page.get_by_text("maar is nog niet bewaard")).to_be_visible()
    asked = ask_and_stay(page)
    page.get_by_role("link", name="Good practices").first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("Motivatie")).to_have_value("Wij willen leren van anderen")
