"""The dashboard and the matching link open on the tranche staff work on: the newest one in which a school has
submitted an application, not a newer one nothing has come in for, nor an older one where an adviser just logged a
meeting. A tranche with nothing yet says so, and the dashboard explains which applications it counts."""

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


def test_dashboard_opens_on_the_newest_tranche_with_a_submitted_application_not_a_newer_empty_one(staff_client):
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


def test_activity_in_an_older_tranche_does_not_pull_the_dashboard_and_the_matching_link_back(staff_client):
    running = TrajectoryFactory()
    applying = TrancheFactory(number=running.tranche.number + 1)
    PartnerApplicationFactory(tranche=applying, status=PartnerApplication.Status.SUBMITTED)
    PartnerApplicationFactory(tranche=TrancheFactory(number=applying.number + 1))  # a draft only: nothing in yet
    running.outcome_summary = "Bijgewerkt na het adviesgesprek"
    running.save()  # the latest change of all
    assert staff_client.get(reverse("trajectories:dashboard")).context["tranche"] == applying
    response = staff_client.get(reverse("admin:trajectories_matching_current"))
    assert response.url == reverse("admin:trajectories_matching", args=[applying.pk])


def test_dashboard_says_which_applications_it_counts(staff_client):
    tranche = TrancheFactory()
    for status in ("submitted", "submitted", "rejected", "draft", "withdrawn", "withdrawn"):
        PartnerApplicationFactory(tranche=tranche, status=getattr(PartnerApplication.Status, status.upper()))
    response = staff_client.get(reverse("trajectories:dashboard"), {"tranche": tranche.pk})
    html = response.content.decode()
    assert response.context["figures"].live_applications == 3
    assert "niet meegeteld zijn 1 concepten en 2 ingetrokken aanmeldingen" in html
