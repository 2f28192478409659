"""The trajectory page names the school's project leader and school leader with their address and phone, as links:
the adviser arranging a meeting between two school visits had only her own address on it."""

import pytest
from django.urls import reverse

from tests.factories import TrajectoryFactory

pytestmark = pytest.mark.django_db


def test_the_adviser_mails_or_calls_the_project_leader_from_the_page(client):
    trajectory = TrajectoryFactory(application__project_leader_name="Petra de Vries",
                                   application__project_leader_email="petra@zuiderlicht.example",
                                   application__project_leader_phone="06 12 34 56 78",
                                   application__school_leader_name="Karel Jansen",
                                   application__school_leader_email="karel@zuiderlicht.example")
    client.force_login(trajectory.adviser.user)
    page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert 'Petra de Vries (<a href="mailto:petra@zuiderlicht.example">' in page
    assert '<a href="tel:0612345678">06 12 34 56 78</a>' in page
    assert 'Karel Jansen (<a href="mailto:karel@zuiderlicht.example">' in page
