"""A message staff send again is not lost to the sweep's age limit."""

import datetime as dt

import pytest
from django.utils import timezone

from lobmatch import mailing
from lobmatch.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_a_message_sent_again_by_staff_is_swept_however_old_it_is():
    old = OutboxMessage.objects.create(payload={"to": ["a@school.example"], "template": "reminder_claim"},
                                       status=OutboxMessage.Status.FAILED, attempts=6,
                                       dispatched_at=timezone.now() - dt.timedelta(days=8))
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    assert not mailing.dispatchable().filter(pk=old.pk).exists()  # too old for the sweep on its own
    assert mailing.requeue(OutboxMessage.objects.filter(pk=old.pk)) == [old.pk]
    assert mailing.dispatchable().filter(pk=old.pk).exists()
