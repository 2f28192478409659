"""Reminders skip accounts that were switched off and still reach everyone else concerned."""

import pytest

from partners.reminders import run_draft_reminders
from tests.factories import UserFactory
from tests.reminders.helpers import ams, draft, held_last_session, meeting_at, meeting_recipients, sent, to, utc
from trajectories.reminders import run_claim_reminders, run_meeting_reminders, run_unlogged_meeting_reminders

pytestmark = pytest.mark.django_db


def test_no_draft_reminder_for_a_switched_off_account():
    active = draft(ams(2027, 1, 20, 17, 0))
    draft(tranche=active.tranche, created_by=UserFactory(is_active=False))
    assert run_draft_reminders(now=utc(2027, 1, 13, 8, 0)) == 1
    assert to(sent()) == [active.created_by.email]


def test_meeting_reminders_leave_out_a_switched_off_adviser_but_reach_the_others():
    meeting = meeting_at(ams(2027, 1, 20, 10, 0))
    adviser = meeting.trajectory.adviser.user
    expected = [email for email in meeting_recipients(meeting) if email != adviser.email]
    adviser.is_active = False
    adviser.save()
    assert run_meeting_reminders(now=ams(2027, 1, 13, 10, 0)) == len(expected)
    assert to(sent()) == sorted(expected)


def test_no_unlogged_reminder_to_a_switched_off_adviser():
    meeting = meeting_at(ams(2027, 1, 20, 10, 0))
    meeting.trajectory.adviser.user.is_active = False
    meeting.trajectory.adviser.user.save()
    assert run_unlogged_meeting_reminders(now=ams(2027, 1, 22, 10, 0)) == 0


def test_claim_reminder_reaches_the_project_leader_when_the_author_was_switched_off():
    session = held_last_session(ams(2027, 3, 1, 15, 0))
    application = session.trajectory.application
    application.created_by.is_active = False
    application.created_by.save()
    assert run_claim_reminders(now=ams(2027, 3, 1, 16, 0)) == 1
    assert to(sent()) == [application.project_leader_email.lower()]
