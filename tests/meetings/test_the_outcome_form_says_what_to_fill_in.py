"""The outcome form, filled in on a phone after the closing conversation: an empty choice or summary is said at the
field in words that tell what to do (not Django's "Dit veld is verplicht."), what was typed stays, and each of the
two choices is a whole row a thumb hits, not a 16 px radio."""

import re

import pytest
from django.urls import reverse

from tests.factories import TrajectoryFactory

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db
def test_an_empty_choice_and_summary_say_what_to_fill_in_and_keep_the_rest(client):
    trajectory = TrajectoryFactory()
    client.force_login(trajectory.adviser.user)
    url = reverse("trajectories:trajectory_outcome", args=[trajectory.pk])
    html = client.post(url, {"summary": "Het team werkt met loopbaandossiers."}).content.decode()
    error = re.search(r'id="error_1_id_kind"[^>]*>(.*?)</', html, re.S)
    assert error and "Kies wat het traject heeft opgeleverd." in error.group(1)
    assert "Het team werkt met loopbaandossiers." in html
    html = client.post(url, {"kind": "implemented", "summary": ""}).content.decode()
    error = re.search(r'id="error_1_id_summary"[^>]*>(.*?)</', html, re.S)
    assert error and "Beschrijf in een paar zinnen wat het traject heeft opgeleverd." in error.group(1)
    assert re.search(r'<input[^>]*value="implemented"[^>]*checked', html)
    assert "Dit veld is verplicht" not in html
    trajectory.refresh_from_db()
    assert not trajectory.outcome_kind


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_outcome_choice_is_a_row_a_thumb_hits(live_server, page, login_page):
    trajectory = TrajectoryFactory()
    page.set_viewport_size(PHONE)
    login_page(trajectory.adviser.user.email)
    page.goto(f"{live_server.url}{reverse('trajectories:trajectory_outcome', args=[trajectory.pk])}")
    for text in ("De good practice is geïmplementeerd", "Er is een implementatieplan"):
        label = page.get_by_text(text)
        assert label.bounding_box()["height"] >= 44  # the label is the target: a tap on it picks the choice
        assert page.get_by_label(text).bounding_box()["width"] >= 24
    page.get_by_text("Er is een implementatieplan").click()
    assert page.get_by_label("Er is een implementatieplan").is_checked()
