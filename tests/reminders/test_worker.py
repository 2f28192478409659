"""The outbox and the reminders on a real Redis broker with a real Celery worker (no eager mode).

The acceptance points: a reminder that is due is sent exactly once, also when the beat task runs twice and when two
worker threads deliver the same message at the same moment; with the broker stopped, submitting an application
still succeeds and the confirmation arrives once the broker is back; a failing SMTP server is retried and then shown
as failed in the admin, which can send it again.

The worker runs in a thread of this process (``celery.contrib.testing.worker.start_worker``, threads pool), so it
shares Django's settings and the locmem ``mail.outbox``; every worker thread has its own database connection, hence
``transaction=True``. Each test gets its own key prefix on the broker, so parallel runs never steal each other's
tasks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import smtplib
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import timezone

from lobmatch import mailing
from lobmatch.celery import app as celery_app
from lobmatch.models import OutboxMessage
from lobmatch.outbox import build_email, enqueue_email
from lobmatch.tasks import deliver_message, dispatch_pending, run_reminders
from partners import services as partner_services
from partners.models import PartnerApplication
from tests.factories import MeetingFactory, TrajectoryFactory, WorkingGroupMemberFactory
from tests.partners.helpers import complete_draft
from tests.reminders.helpers import DRAIN_TIMEOUT, reset_broker_pools, wait_until
from tests.services import free_port, require_services, stop_process

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
# --- email backends the worker uses (named by dotted path in EMAIL_BACKEND) ----------------------------------------

class SlowBackend(LocmemBackend):
    """locmem, but sending takes a while: long enough for a second delivery of the same message to arrive."""

    delay = 0.5
    sent_at: list[float] = []  # when each send completed (time.monotonic)

    def send_messages(self, messages):
        time.sleep(self.delay)
        count = super().send_messages(messages)
        SlowBackend.sent_at.append(time.monotonic())
        return count


class FailingSMTPBackend(BaseEmailBackend):
    """An SMTP server that hangs up on every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


# --- helpers -------------------------------------------------------------------------------------------------------

class TaskTracker:
    """Counts what was published to the broker and what the worker ran, to know when the worker has drained.

    Drained means: nothing is running and every publication (a retry republishes under the same task id) has been
    run. A task published from a worker thread is counted before that task finishes, so the check is exact.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.published: Counter[str] = Counter()
        self.started: Counter[str] = Counter()
        self.finished: Counter[str] = Counter()
        self.runs: list[dict] = []
        self._open: dict[str, dict] = {}

    def on_publish(self, sender=None, headers=None, **kwargs):
        with self.lock:
            self.published[headers["id"]] += 1

    def on_prerun(self, task_id=None, task=None, args=None, **kwargs):
        with self.lock:
            self.started[task_id] += 1
            self._open[task_id] = {"task": task.name, "args": tuple(args or ()), "started": time.monotonic(),
                                   "thread": threading.current_thread().name}

    def on_postrun(self, task_id=None, task=None, retval=None, state=None, **kwargs):
        with self.lock:
            self.finished[task_id] += 1
            run = self._open.pop(task_id, {"task": task.name, "args": (), "started": None})
            self.runs.append({**run, "finished": time.monotonic(), "retval": retval, "state": state})

    def connect(self):
        signals.after_task_publish.connect(self.on_publish, weak=False)
        signals.task_prerun.connect(self.on_prerun, weak=False)
        signals.task_postrun.connect(self.on_postrun, weak=False)

    def disconnect(self):
        signals.after_task_publish.disconnect(self.on_publish)
        signals.task_prerun.disconnect(self.on_prerun)
        signals.task_postrun.disconnect(self.on_postrun)

    def drained(self) -> bool:
        with self.lock:
            return bool(self.published) and self.started == self.finished and self.published == self.finished

    def wait_drained(self, timeout: float = DRAIN_TIMEOUT) -> None:
        wait_until(self.drained, timeout=timeout, what="the worker to run everything that was published")

    def runs_of(self, task) -> list[dict]:
        with self.lock:
            return [run for run in self.runs if run["task"] == task.name]


def _no_logging_setup(**kwargs):
    """A setup_logging receiver: the embedded worker must not reconfigure pytest's logging."""


@contextlib.contextmanager
def celery_worker(broker_url: str, *, concurrency: int = 4):
    """The project's Celery app on ``broker_url`` (not eager), with a worker of ``concurrency`` threads running.

    Yields the :class:`TaskTracker`; restores the app's configuration afterwards."""
    prefix = f"lobmatch-test-{uuid.uuid4().hex[:12]}:"
    changes = {
        "broker_url": broker_url,
        "task_always_eager": False,
        "broker_transport_options": {"global_keyprefix": prefix},
        "broker_connection_retry_on_startup": True,
        "broker_connection_timeout": 2,
        "worker_hijack_root_logger": False,
        "worker_cancel_long_running_tasks_on_connection_loss": True,  # Celery 6's default; silences its warning
    }
    saved = {key: celery_app.conf[key] for key in changes}
    tracker = TaskTracker()
    signals.setup_logging.connect(_no_logging_setup, weak=False)
    celery_app.conf.update(changes)
    reset_broker_pools()
    tracker.connect()
    try:
        with start_worker(celery_app, pool="threads", concurrency=concurrency, perform_ping_check=False,
                          loglevel="WARNING", shutdown_timeout=15):
            yield tracker
    finally:
        tracker.disconnect()
        signals.setup_logging.disconnect(_no_logging_setup)
        celery_app.conf.update(saved)
        reset_broker_pools()
        with contextlib.suppress(Exception):  # best effort: the broker may be a private server already stopped
            import redis

            client = redis.Redis.from_url(broker_url, socket_connect_timeout=1)
            keys = list(client.scan_iter(match=f"{prefix}*"))
            if keys:
                client.delete(*keys)
            client.close()



class PrivateRedis:
    """A redis-server of this test only, which can be stopped and started again on the same port."""

    def __init__(self, binary: str, workdir):
        self.binary, self.workdir, self.port = binary, workdir, free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while not self._answers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the private redis-server did not start on port {self.port}")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        stop_process(proc)


@pytest.fixture
def private_redis(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        if require_services():
            pytest.fail("REQUIRE_SERVICES=1 but redis-server was not found")
        pytest.skip("no redis-server on this machine")
    server = PrivateRedis(binary, tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker(redis_url):
    """A worker on the shared throwaway Redis of tests/services.py (database 0: the cache uses 1 and up)."""
    with celery_worker(f"{redis_url}/0") as tracker:
        yield tracker


def _due_meetings(count: int = 3) -> set[str]:
    """``count`` planned meetings, each of its own trajectory, three days ahead (the 7-day reminder is due).
    Returns every recipient: two working-group members, the adviser and the practice's contact per meeting."""
    recipients = set()
    for i in range(count):
        trajectory = TrajectoryFactory(practice__contact_email=f"praktijk{i}-{uuid.uuid4().hex[:6]}@example.org")
        members = [WorkingGroupMemberFactory(application=trajectory.application) for _ in range(2)]
        MeetingFactory(trajectory=trajectory, planned_start=timezone.now() + dt.timedelta(days=3))
        recipients |= {m.email.lower() for m in members}
        recipients |= {trajectory.adviser.user.email.lower(), trajectory.practice.contact_email.lower()}
    return recipients


# --- exactly once --------------------------------------------------------------------------------------------------

def test_due_reminders_are_sent_once_when_the_beat_runs_twice_and_deliveries_repeat(worker, mailoutbox):
    expected = _due_meetings(3)
    assert len(expected) == 12

    run_reminders.delay()  # the beat, twice at once (two beats, or a run that overlaps the next)
    run_reminders.delay()
    worker.wait_drained()
    reminders = OutboxMessage.objects.filter(payload__template="reminder_meeting")
    assert reminders.count() == 12
    assert len(worker.runs_of(run_reminders)) == 2
    assert all(run["state"] == "SUCCESS" for run in worker.runs_of(run_reminders))

    # The sweep twice more, and every message delivered once more (a redelivered task, a retry racing a sweep).
    dispatch_pending.delay()
    dispatch_pending.delay()
    for pk in reminders.values_list("pk", flat=True):
        deliver_message.delay(pk)
    worker.wait_drained()

    recipients = Counter(addr for message in mailoutbox for addr in message.to)
    assert set(recipients) == expected
    assert max(recipients.values()) == 1, f"sent twice: {[a for a, n in recipients.items() if n > 1]}"
    assert len(mailoutbox) == 12
    assert all(m.attachments and m.attachments[0][0].endswith(".ics") for m in mailoutbox)
    assert set(reminders.values_list("status", "attempts")) == {(OutboxMessage.Status.SENT, 1)}
    # Every message was handed to a worker exactly once by the sweeps (12) and once more by hand (12): the
    # repeated delivery found it sent and did nothing.
    deliveries = Counter(run["retval"] for run in worker.runs_of(deliver_message))
    assert deliveries == Counter({True: 12, False: 12})
    assert [run["retval"] for run in worker.runs_of(dispatch_pending)] == [0, 0]


def test_two_worker_threads_delivering_the_same_message_at_once_send_it_once(worker, mailoutbox, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    SlowBackend.sent_at.clear()
    message = build_email(to=["decaan@school.example"], template="reminder_claim",
                          context={"school": "Het Baken", "name": "Petra", "url": "/claims/1/"},
                          dedupe_key=f"race:{uuid.uuid4().hex}").to_model()
    message.save()  # recorded without dispatch: the two deliveries below are the only ones

    deliver_message.delay(message.pk)
    deliver_message.delay(message.pk)
    worker.wait_drained()

    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["decaan@school.example"]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 1)
    runs = worker.runs_of(deliver_message)
    assert sorted(run["retval"] for run in runs) == [False, True]
    [sender] = [run for run in runs if run["retval"] is True]
    [other] = [run for run in runs if run["retval"] is False]
    assert sender["thread"] != other["thread"], "the two deliveries ran in the same worker thread"
    # They raced: the other started before the mail was out and found the message held by the sending worker
    # (without that it would have sent it a second time).
    [sent_at] = SlowBackend.sent_at
    assert other["started"] < sent_at


# --- broker down ---------------------------------------------------------------------------------------------------

def test_submitting_with_the_broker_down_succeeds_and_the_confirmation_follows_when_it_is_back(
        private_redis, mailoutbox):
    draft = complete_draft()
    contact = draft.created_by
    with celery_worker(private_redis.url) as tracker:
        private_redis.stop()

        started = time.monotonic()
        partner_services.submit(draft, by=contact)
        assert time.monotonic() - started < 1.5, "the request waited for the broker (one quick retry at most)"

        draft.refresh_from_db()
        assert draft.status == PartnerApplication.Status.SUBMITTED
        confirmation = OutboxMessage.objects.get(dedupe_key=f"application-confirmation:{draft.pk}")
        assert confirmation.status == OutboxMessage.Status.PENDING
        assert confirmation.dispatched_at is None  # never handed over: the sweep will
        assert not tracker.published and mailoutbox == []

        private_redis.start()  # same port, empty (no persistence): nothing was queued while it was away
        dispatch_pending.delay()  # what the beat does every minute
        wait_until(lambda: OutboxMessage.objects.filter(pk=confirmation.pk, status=OutboxMessage.Status.SENT)
                   .exists(), timeout=DRAIN_TIMEOUT, what="the confirmation to be sent")
        tracker.wait_drained()
        assert mailing.dispatch_pending() == 0  # nothing left to hand over
        tracker.wait_drained()

    [sent] = mailoutbox
    assert sorted(sent.to) == sorted({contact.email.lower(), "petra@example.org", "karel@example.org"})
    assert [a[2] for a in sent.attachments] == ["application/pdf"]
    confirmation.refresh_from_db()
    assert confirmation.attempts == 1 and confirmation.sent_at is not None


# --- failing SMTP --------------------------------------------------------------------------------------------------

def test_a_failing_smtp_is_retried_then_shown_failed_in_the_admin_and_sent_by_its_retry_action(
        worker, mailoutbox, settings, admin_client):
    settings.EMAIL_BACKEND = f"{__name__}.FailingSMTPBackend"
    settings.LOBMATCH_OUTBOX_RETRY_BACKOFF = 0.05
    settings.LOBMATCH_OUTBOX_MAX_ATTEMPTS = 3

    message = enqueue_email(to=["decaan@school.example"], template="reminder_claim",
                            context={"school": "Het Baken", "name": "Petra", "url": "/claims/1/"},
                            dedupe_key=f"smtp:{uuid.uuid4().hex}")
    worker.wait_drained()

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.FAILED, 3)
    assert "SMTPServerDisconnected" in message.last_error and "unexpectedly closed" in message.last_error
    runs = worker.runs_of(deliver_message)
    assert [run["state"] for run in runs] == ["RETRY", "RETRY", "SUCCESS"]  # two retries, then it gives up
    assert mailoutbox == []

    changelist = reverse("admin:lobmatch_outboxmessage_changelist")
    response = admin_client.get(changelist, {"status": "failed"})
    assert response.status_code == 200
    assert [m.pk for m in response.context["cl"].result_list] == [message.pk]
    body = response.content.decode()
    assert f"<strong>{OutboxMessage.Status.FAILED.label}</strong>" in body
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in body

    settings.EMAIL_BACKEND = LOCMEM  # the SMTP server is back
    response = admin_client.post(changelist, {"action": "retry", "_selected_action": [message.pk]})
    assert response.status_code == 302
    wait_until(lambda: OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENT).exists(),
               what="the retried message to be sent")
    worker.wait_drained()

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxMessage.Status.SENT, 1, "")
    [sent] = mailoutbox
    assert sent.to == ["decaan@school.example"]
    response = admin_client.get(changelist, {"status": "failed"})
    assert list(response.context["cl"].result_list) == []
