"""One reminder by name, as a periodic task added in the admin would run it."""

import pytest
import time_machine
from django.core import mail

from lobmatch.models import OutboxMessage
from lobmatch.tasks import run_reminder
from tests.reminders.helpers import ams, draft

pytestmark = pytest.mark.django_db


def test_run_reminder_runs_only_the_named_one_and_hands_it_over():
    application = draft(ams(2027, 1, 20, 17, 0))
    with time_machine.travel(ams(2027, 1, 13, 10, 0), tick=False):
        assert run_reminder.apply(args=["meetings_ahead"]).get() == 0
        assert not OutboxMessage.objects.exists()
        assert run_reminder.apply(args=["draft_applications"]).get() == 1
        assert run_reminder.apply(args=["draft_applications"]).get() == 0  # once
    [message] = OutboxMessage.objects.all()
    assert message.status == OutboxMessage.Status.SENT  # eager in tests: handed over and delivered
    assert [m.to for m in mail.outbox] == [[application.created_by.email]]


def test_an_unknown_reminder_name_fails_loudly():
    with pytest.raises(KeyError):
        run_reminder.apply(args=["no_such_reminder"]).get()
