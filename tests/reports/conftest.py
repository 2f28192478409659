"""A realistic trajectory: kickoff, three guided sessions and closing, six members, attendance, progress, pulse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    PartnerApplicationFactory,
    TrajectoryFactory,
    WorkingGroupMemberFactory,
)
from trajectories.models import Meeting, PulseResponse


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def make_trajectory(**kwargs):
    """A completed trajectory with its full log. Returns it (the members are ``application.members``)."""
    application = kwargs.pop("application", None) or PartnerApplicationFactory(status="matched")
    trajectory = TrajectoryFactory(application=application, tranche=application.tranche, **kwargs)
    members = [WorkingGroupMemberFactory(application=application, name=f"Lid {i}", is_project_leader=(i == 1))
               for i in range(1, 8)]
    start = timezone.make_aware(dt.datetime(2014, 6, 10, 13, 0))
    plan = [(Meeting.Kind.KICKOFF, 0, 2), (Meeting.Kind.SESSION, 1, 3), (Meeting.Kind.SESSION, 2, 3),
            (Meeting.Kind.SESSION, 3, 4), (Meeting.Kind.CLOSING, 0, 5)]
    for i, (kind, number, progress) in enumerate(plan):
        meeting = MeetingFactory(trajectory=trajectory, kind=kind, number=number, status=Meeting.Status.HELD,
                                 planned_start=start + dt.timedelta(days=30 * i), progress=progress,
                                 school_leader_present=True, ambassador_present=(i % 2 == 0),
                                 notes=f"Verslag van {kind} {number}: de werkgroep werkte aan het plan.",
                                 agreed_actions="Projectleider stuurt het concept rond.")
        if kind == Meeting.Kind.SESSION:
            for j, member in enumerate(members):
                # session 1: one member stays 5 h (capped at 4); all 7 present, so one is not reimbursed.
                hours = Decimal("5") if (number == 1 and j == 0) else Decimal("4") - Decimal("0.25") * j
                AttendanceFactory(meeting=meeting, member=member, hours_present=hours)
            answers = 3 if number != 3 else 2
            for k in range(answers):
                PulseResponse.objects.create(meeting=meeting, useful=4, progress=2 + number % 4, support=3 + k % 2)
    return trajectory


@pytest.fixture
def trajectory(db):
    return make_trajectory()
