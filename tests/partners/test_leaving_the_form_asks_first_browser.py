"""Leaving the application form with what was typed and not saved asks first: following a link, or leaving a page a
malformed submit showed again. Declining keeps the page and every typed value; saving as a draft, or a refused submit
that was kept as the draft, leaves without a question. Switching the language (a form post in the header) does not
ask: what was typed comes along into the page in the other language, still unsaved."""

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


def test_switching_the_language_takes_what_was_typed_along(live_server, page, login_page):
    TrancheFactory()
    practice = GoodPracticeFactory()
    UserFactory(email="decaan@example.org")
    login_page("decaan@example.org")
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_role("textbox", name="Ambitie").fill("Een doorlopende leerlijn LOB")
    page.locator("#id_choice_1").select_option(str(practice.pk))
    page.locator("#id_members-1-name").fill("Jan Janssen")
    page.get_by_role("button", name="Nog een werkgroeplid").click()
    page.locator("#id_members-5-email").fill("zesde@school.example")
    page.locator("#id_commit_project_leader").check()
    asked = ask_and_stay(page)
    page.locator("#language-select").select_option("en")
    expect(page.get_by_role("button", name="Save as draft")).to_be_visible()
    assert asked == []  # nothing is lost, so nothing to ask
    expect(page.get_by_role("status").filter(has_text="What you had filled in is back")).to_be_visible()
    expect(page.get_by_role("textbox", name="Ambition")).to_have_value("Een doorlopende leerlijn LOB")
    expect(page.locator("#id_choice_1")).to_have_value(str(practice.pk))
    expect(page.locator("#id_members-1-name")).to_have_value("Jan Janssen")
    expect(page.locator("#id_members-5-email")).to_have_value("zesde@school.example")
    expect(page.locator("#id_commit_project_leader")).to_be_checked()
    expect(page.locator("#id_commit_working_group")).not_to_be_checked()
    # still not saved: leaving now asks; the browser holds the text no longer than it took to put it back
    page.get_by_role("link", name="Good practices").first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.evaluate("sessionStorage.length") == 0
    # Saving as a draft leaves without a question.
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Your draft was saved")).to_be_visible()
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
