"""Helpers shared by the reminder tests: Amsterdam and UTC instants, the reminder messages recorded in the outbox, and
builders of drafts, meetings and held sessions at a given moment."""

from __future__ import annotations

import datetime as dt
import time
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest

from lobmatch.celery import app as celery_app
from lobmatch.models import OutboxMessage, Role
from partners.models import PartnerApplication
from tests.factories import (
    MeetingFactory,
    PartnerApplicationFactory,
    TrajectoryFactory,
    TrancheFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)
from trajectories.models import Meeting, Trajectory

AMS = ZoneInfo("Europe/Amsterdam")


def ams(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMS)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


class Key(NamedTuple):
    name: str
    obj: str
    stamp: str | None
    email: str


def parse(raw: str) -> Key:
    parts = raw.split(":")
    assert parts[0] == "reminder" and len(parts) in (4, 5), raw
    return Key(parts[1], parts[2], parts[3] if len(parts) == 5 else None, parts[-1])


def sent(*names: str) -> list[OutboxMessage]:
    """The reminder messages recorded so far (oldest first), of the reminders ``names`` (all when none given)."""
    rows = list(OutboxMessage.objects.filter(dedupe_key__startswith="reminder:").order_by("pk"))
    for row in rows:
        assert len(row.payload["to"]) == 1, row.payload  # one message per recipient
    return [row for row in rows if not names or parse(row.dedupe_key).name in names]


def to(messages) -> list[str]:
    return sorted(m.payload["to"][0] for m in messages)


def tranche_with_deadline(deadline: dt.datetime, **kwargs):
    return TrancheFactory(application_opens_at=deadline - dt.timedelta(days=60), application_deadline=deadline,
                          **kwargs)


def draft(deadline: dt.datetime | None = None, *, tranche=None, **kwargs) -> PartnerApplication:
    return PartnerApplicationFactory(tranche=tranche or tranche_with_deadline(deadline), **kwargs)


def live_trajectory(members: int = 2, **kwargs) -> Trajectory:
    trajectory = TrajectoryFactory(**kwargs)
    for i in range(members):
        WorkingGroupMemberFactory(application=trajectory.application, email=f"lid{i}-t{trajectory.pk}@school.example")
    return trajectory


def meeting_at(start: dt.datetime, trajectory: Trajectory | None = None, **kwargs) -> Meeting:
    kwargs.setdefault("kind", Meeting.Kind.SESSION)
    kwargs.setdefault("number", 1)
    return MeetingFactory(trajectory=trajectory or live_trajectory(), planned_start=start, **kwargs)


def meeting_recipients(meeting: Meeting) -> list[str]:
    """Working group (with an address), adviser, and the practice's contact address (no ambassador contacts)."""
    trajectory = meeting.trajectory
    members = [m.email.lower() for m in trajectory.application.members.exclude(email="")]
    return sorted([*members, trajectory.adviser.user.email, trajectory.practice.contact_email])


def held_last_session(logged_at: dt.datetime, trajectory: Trajectory | None = None, **kwargs) -> Meeting:
    trajectory = trajectory or live_trajectory(members=1)
    number = trajectory.tranche.guided_sessions
    return MeetingFactory(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=number,
                          planned_start=logged_at - dt.timedelta(hours=5), status=Meeting.Status.HELD,
                          logged_at=logged_at, **kwargs)


def claim_recipients(trajectory: Trajectory) -> list[str]:
    application = trajectory.application
    return sorted({application.created_by.email, application.project_leader_email})


def finance_user(**kwargs):
    return UserFactory(roles=[Role.FINANCE], **kwargs)


# --- a real Celery worker: waiting for it, and the broker it talks to ---

DRAIN_TIMEOUT = 12.0


def wait_until(predicate, *, timeout: float = DRAIN_TIMEOUT, what: str = "the condition"):
    """Poll ``predicate`` until it returns something truthy (and return that); fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)


def reset_broker_pools() -> None:
    """Forget pooled broker connections, so the next publish connects to the broker configured now."""
    from kombu import pools

    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
