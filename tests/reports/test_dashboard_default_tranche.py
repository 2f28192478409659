"""The dashboard opens on the tranche with the most recent activity, says so when a tranche has nothing yet, and
explains which applications it counts."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from partners.models import PartnerApplication
from tests.factories import PartnerApplicationFactory, TrajectoryFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(roles=[Role.STAFF]))
    return client


def test_dashboard_opens_on_the_tranche_with_the_latest_activity_not_the_newest_empty_one(staff_client):
    busy = TrajectoryFactory().tranche
    newer_but_empty = TrancheFactory(number=busy.number + 1)
    response = staff_client.get(reverse("trajectories:dashboard"))
    assert response.context["tranche"] == busy
    assert "dashboard-empty" not in response.content.decode()
    # when asked for explicitly, the empty tranche shows an empty state instead of zero bars
    response = staff_client.get(reverse("trajectories:dashboard"), {"tranche": newer_but_empty.pk})
    html = response.content.decode()
    assert response.context["tranche"] == newer_but_empty
    assert 'id="dashboard-empty"' in html
    assert "<svg" not in html and "Kerncijfers" not in html


def test_dashboard_says_which_applications_it_counts(staff_client):
    tranche = TrancheFactory()
    for status in ("submitted", "submitted", "rejected", "draft", "withdrawn", "withdrawn"):
        PartnerApplicationFactory(tranche=tranche, status=getattr(PartnerApplication.Status, status.upper()))
    response = staff_client.get(reverse("trajectories:dashboard"), {"tranche": tranche.pk})
    html = response.content.decode()
    assert response.context["figures"].live_applications == 3
    assert "niet meegeteld zijn 1 concepten en 2 ingetrokken aanmeldingen" in html
