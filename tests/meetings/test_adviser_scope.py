"""The adviser's list holds the adviser's own published (or completed) trajectories, also when the adviser is staff."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import AdviserFactory, TrajectoryFactory, UserFactory
from trajectories import selectors
from trajectories.models import Trajectory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("also_staff", [False, True])
def test_only_own_published_or_completed_trajectories(also_staff):
    user = UserFactory(roles=[Role.ADVISER, Role.STAFF] if also_staff else [Role.ADVISER])
    adviser = AdviserFactory(user=user)
    own = {status: TrajectoryFactory(adviser=adviser, status=status) for status in Trajectory.Status.values}
    TrajectoryFactory(status=Trajectory.Status.PUBLISHED)  # another adviser's
    assert set(selectors.trajectories_logged_by(user)) == {own["published"], own["completed"]}


def test_the_list_page_shows_them(client):
    trajectory = TrajectoryFactory()
    TrajectoryFactory(adviser=trajectory.adviser, status=Trajectory.Status.PROPOSED)
    client.force_login(trajectory.adviser.user)
    page = client.get(reverse("trajectories:adviser_list")).context["page"]
    assert list(page.object_list) == [trajectory]
