"""Helpers shared by the claim tests: a trajectory with a working group, and a session logged with given hours."""

import datetime as dt

from django.utils import timezone

from tests.factories import TrajectoryFactory, WorkingGroupMemberFactory
from trajectories.services import meetings as meeting_service

IBAN = "NL91 ABNA 0417 1643 00"


def trajectory_with_group(n_members=6):
    trajectory = TrajectoryFactory()
    members = [WorkingGroupMemberFactory(application=trajectory.application, name=f"Lid {i}",
                                         is_project_leader=(i == 0)) for i in range(n_members)]
    return trajectory, members


def log(meeting, hours_by_member, status="held", by=None):
    """The adviser's log of ``meeting``; a meeting is held only once it has started, so a future one is moved back."""
    if meeting.planned_start is None or meeting.planned_start > timezone.now():
        meeting.planned_start = timezone.now() - dt.timedelta(days=1)
        meeting.save(update_fields=["planned_start"])
    entry = meeting_service.LogEntry(status=status, attendance=hours_by_member, school_leader_present=True,
                                     ambassador_present=True, notes="", agreed_actions="", progress=3)
    return meeting_service.log_meeting(meeting, entry, by=by or meeting.trajectory.adviser.user)
