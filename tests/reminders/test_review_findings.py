"""Reminders skip accounts that were switched off; a message staff send again is not lost to the sweep's age limit."""

import datetime as dt

import pytest
from django.utils import timezone

from lobmatch import mailing
from lobmatch.models import OutboxMessage
from partners.models import PartnerApplication as PartnerApplicationModel
from partners.reminders import run_draft_reminders
from tests.factories import UserFactory
from tests.reminders.test_moments import (
    ams,
    draft,
    held_last_session,
    meeting_at,
    meeting_recipients,
    sent,
    to,
    utc,
)
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


def test_a_message_sent_again_by_staff_is_swept_however_old_it_is():
    old = OutboxMessage.objects.create(payload={"to": ["a@school.example"], "template": "reminder_claim"},
                                       status=OutboxMessage.Status.FAILED, attempts=6,
                                       dispatched_at=timezone.now() - dt.timedelta(days=8))
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    assert not mailing.dispatchable().filter(pk=old.pk).exists()  # too old for the sweep on its own
    assert mailing.requeue(OutboxMessage.objects.filter(pk=old.pk)) == [old.pk]
    assert mailing.dispatchable().filter(pk=old.pk).exists()


def test_a_reminder_delivered_after_its_moment_is_recorded_not_sent(mailoutbox):
    import time_machine

    meeting = meeting_at(ams(2027, 1, 20, 10, 0))
    with time_machine.travel(ams(2027, 1, 13, 10, 0), tick=False):
        assert run_meeting_reminders() > 0  # recorded (the broker is down, say) ...
    mailoutbox.clear()
    first, *_ = sent()
    assert dt.datetime.fromisoformat(first.payload["not_after"]) == meeting.planned_start
    with time_machine.travel(ams(2027, 1, 20, 10, 1), tick=False):  # ... and handed over after the meeting began
        assert mailing.deliver(first.pk) is False
    first.refresh_from_db()
    assert first.status == OutboxMessage.Status.SKIPPED and "te laat" in first.last_error
    assert not mailoutbox
    assert not mailing.dispatchable(now=ams(2027, 1, 20, 14, 0)).filter(pk=first.pk).exists()
    with time_machine.travel(ams(2027, 1, 19, 10, 0), tick=False):  # in time: sent
        second = sent()[1]
        assert mailing.deliver(second.pk) is True
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("change", ["cancelled", "held"])
def test_a_meeting_reminder_for_a_meeting_cancelled_or_logged_since_is_not_sent(mailoutbox, change):
    import time_machine

    meeting = meeting_at(ams(2027, 1, 20, 10, 0))
    with time_machine.travel(ams(2027, 1, 13, 10, 0), tick=False):
        assert run_meeting_reminders() > 0
        mailoutbox.clear()
        meeting.status = change
        meeting.save()
        message = sent()[0]
        assert mailing.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SKIPPED and "niet meer van toepassing" in message.last_error
    assert not mailoutbox


def test_a_draft_reminder_for_an_application_submitted_since_is_not_sent(mailoutbox):
    import time_machine

    application = draft(ams(2027, 1, 20, 17, 0))
    with time_machine.travel(ams(2027, 1, 13, 10, 0), tick=False):
        assert run_draft_reminders() == 1
        mailoutbox.clear()
        PartnerApplicationModel.objects.filter(pk=application.pk).update(status="submitted")
        [message] = sent()
        assert mailing.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SKIPPED and not mailoutbox


def test_a_claim_reminder_for_a_claim_submitted_since_is_not_sent(mailoutbox):
    import time_machine

    from trajectories.models import ReimbursementClaim
    from trajectories.services.claims import ensure_claim

    session = held_last_session(ams(2027, 3, 1, 15, 0))
    claim = ensure_claim(session.trajectory)
    with time_machine.travel(ams(2027, 3, 1, 16, 0), tick=False):
        assert run_claim_reminders() == 2
        mailoutbox.clear()
        ReimbursementClaim.objects.filter(pk=claim.pk).update(status="submitted")
        for message in sent():
            assert message.payload["still_due"]["pk"] == claim.pk
            assert mailing.deliver(message.pk) is False
    assert not mailoutbox


def test_a_meeting_reminder_says_where_the_meeting_is_when_it_is_sent():
    import time_machine

    meeting = meeting_at(ams(2027, 1, 20, 10, 0), location="Aula")
    with time_machine.travel(ams(2027, 1, 13, 10, 0), tick=False):
        assert run_meeting_reminders() > 0
    message = sent()[0]
    assert "location" not in message.payload["context"]  # the message stores only its own part
    meeting.location = "Mediatheek"  # moved to another room after the reminder was recorded
    meeting.save()
    body = mailing.render_message(message.payload).body
    assert "Mediatheek" in body and "Aula" not in body
