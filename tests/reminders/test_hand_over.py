"""One way in: a message is handed to Celery the same way after the request's commit, by the sweep and by the
admin's retry (the delivery task by name, one quick retry when the broker is away)."""

import pytest
from celery.app.task import Task

from lobmatch import mailing
from lobmatch.models import OutboxMessage
from lobmatch.outbox import enqueue_email, enqueue_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed(monkeypatch):
    calls = []

    def apply_async(self, args=None, kwargs=None, **options):
        calls.append((self.name, tuple(args), options))

    monkeypatch.setattr(Task, "apply_async", apply_async)
    return calls


def test_after_commit_and_by_the_sweep_a_message_is_handed_over_the_same_way(handed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue_email(to=["decaan@school.example"], template="reminder_claim",
                                context={"school": "Het Baken", "name": "Petra", "url": "/claims/1/"},
                                dedupe_key="hand-over:1")
    OutboxMessage.objects.filter(pk=message.pk).update(dispatched_at=None)  # as if the broker lost it
    assert mailing.dispatch_pending() == 1
    expected = ("lobmatch.tasks.deliver_message", (message.pk,),
                {"retry": True, "retry_policy": mailing.PUBLISH_RETRY_POLICY})
    assert handed == [expected, expected]


def test_a_task_message_is_delivered_like_a_mail(handed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue_task("lobmatch.tasks.run_reminder", args=["finance_digest"], dedupe_key="hand-over:2")
    assert handed == [("lobmatch.tasks.deliver_message", (message.pk,),
                       {"retry": True, "retry_policy": mailing.PUBLISH_RETRY_POLICY})]
