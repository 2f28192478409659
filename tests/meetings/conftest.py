import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import TrajectoryFactory, WorkingGroupMemberFactory
from trajectories.services import meetings as service


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def group():
    """A published trajectory with a working group of four (all with an email address) and its meetings."""
    trajectory = TrajectoryFactory()
    members = [WorkingGroupMemberFactory(application=trajectory.application, name=f"Lid {i}",
                                         email=f"lid{i}-{trajectory.pk}@school.example", is_project_leader=(i == 0))
               for i in range(4)]
    service.ensure_meetings(trajectory)
    # Planned yesterday: a meeting can be logged as held once its start has passed.
    trajectory.meetings.update(planned_start=timezone.now() - dt.timedelta(days=1))
    return trajectory, members


def entry(members, hours="4", status="held", leader=True, progress=3, **kwargs):
    return service.LogEntry(status=status, attendance={m.pk: Decimal(str(hours)) for m in members},
                            school_leader_present=leader, ambassador_present=True, notes=kwargs.get("notes", ""),
                            agreed_actions="", progress=progress)
