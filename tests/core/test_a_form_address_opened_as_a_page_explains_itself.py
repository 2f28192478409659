"""After the session ran out, pressing "Declaratie indienen" sends the school through the login page back to the
form's address with a GET. That address answers with a page that says what happened and links to the form, in the
user's language, not with the browser's bare 405."""

import pytest
from django.urls import reverse

from tests.factories import TrajectoryFactory

pytestmark = pytest.mark.django_db


def test_the_claim_submit_address_opened_as_a_page(client):
    trajectory = TrajectoryFactory()
    client.force_login(trajectory.application.created_by)
    url = reverse("trajectories:claim_submit", args=[trajectory.pk])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Deze pagina is een knop" in body and "nog niets opgeslagen" in body
    assert f'href="{reverse("trajectories:claim_detail", args=[trajectory.pk])}"' in body
    client.cookies["django_language"] = "en"
    assert "This page is a button" in client.get(url).content.decode()


def test_a_post_is_not_touched(client):
    trajectory = TrajectoryFactory()
    client.force_login(trajectory.application.created_by)
    response = client.put(reverse("trajectories:claim_submit", args=[trajectory.pk]))
    assert response.status_code == 405 and response.content == b""
