"""Helpers shared by the claim tests: a trajectory with a working group, a session logged with given hours, and a
claim submitted by a school in a given language."""

import datetime as dt
from decimal import Decimal as D

from django.utils import timezone

from tests.factories import MeetingFactory, TrajectoryFactory, WorkingGroupMemberFactory
from trajectories.services import claims as claim_service
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


def submitted_claim(language="nl"):
    """A claim of 3 members × 4 hours in session 1 (€ 660), submitted by a school contact who reads ``language``."""
    trajectory, members = trajectory_with_group(3)
    school = trajectory.application.created_by
    school.language = language
    school.save(update_fields=["language"])
    log(MeetingFactory(trajectory=trajectory, number=1), {m.pk: D("4") for m in members})
    claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN,
                                       account_holder="Stichting Testcollege", by=school)
    return claim, school


def approved_two_member_claim(finance):
    """Two members × 4 hours in session 1 (€ 440), submitted and approved by ``finance``; returns the trajectory,
    its members and the session, ready for finance's correction."""
    from tests.factories import approve_claim

    trajectory, members = trajectory_with_group(2)
    session = MeetingFactory(trajectory=trajectory, number=1)
    log(session, {m.pk: D("4") for m in members})
    claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN, account_holder="X",
                                       by=trajectory.application.created_by)
    approve_claim(claim, finance)
    return trajectory, members, session


def held_entry(members, hours):
    """A log entry of a held session with every member present ``hours``."""
    return meeting_service.LogEntry(status="held", attendance={m.pk: D(hours) for m in members},
                                    school_leader_present=True, ambassador_present=True, notes="",
                                    agreed_actions="", progress=3)
