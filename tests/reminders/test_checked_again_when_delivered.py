"""A reminder is checked again when the outbox hands it over: one whose moment has passed, or whose meeting, draft or
claim no longer needs it, is recorded as skipped, not sent; a meeting reminder says where the meeting is by then."""

import datetime as dt

import pytest

from lobmatch import mailing
from lobmatch.models import OutboxMessage
from partners.models import PartnerApplication as PartnerApplicationModel
from partners.reminders import run_draft_reminders
from tests.reminders.helpers import ams, draft, held_last_session, meeting_at, sent
from trajectories.reminders import run_claim_reminders, run_meeting_reminders

pytestmark = pytest.mark.django_db


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
