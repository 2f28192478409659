"""A report pasted into the session log or the outcome that is longer than the limit is not cut off by the browser
unseen: it reaches the server whole, which refuses it at the field saying how long it is, and every character
stays in the field to be shortened."""

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_a_too_long_report_and_summary_are_refused_at_the_field_and_kept_whole(live_server, page, login_page):
    meeting = MeetingFactory()
    page.set_viewport_size(PHONE)
    login_page(meeting.trajectory.adviser.user.email)
    page.goto(f"{live_server.url}{reverse('trajectories:meeting_log', args=[meeting.pk])}")
    report = "Werkgroep besprak de loopbaandossiers. " * 260  # 10,140 characters: over the 10,000
    page.get_by_label("Verslag").fill(report)
    page.get_by_role("button", name="Verslag opslaan").click()
    page.wait_for_load_state()
    assert "De tekst is te lang (hoogstens 10000 tekens, nu 10139)." in page.locator("#error_1_id_notes").inner_text()
    assert page.get_by_label("Verslag").input_value() == report

    page.goto(f"{live_server.url}{reverse('trajectories:trajectory_outcome', args=[meeting.trajectory.pk])}")
    summary = "Het team werkt met loopbaandossiers. " * 90  # 3,330 characters: over the 3,000
    page.get_by_text("De good practice is geïmplementeerd").click()
    page.get_by_label("Korte samenvatting").fill(summary)
    page.get_by_role("button", name="Resultaat opslaan").click()
    page.wait_for_load_state()
    assert "De tekst is te lang (hoogstens 3000 tekens, nu 3329)." in page.locator("#error_1_id_summary").inner_text()
    assert page.get_by_label("Korte samenvatting").input_value() == summary
