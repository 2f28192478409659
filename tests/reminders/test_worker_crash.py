"""A worker that dies while sending (``kill -9``, the out-of-memory killer) costs about a minute, never a lost or a
doubled mail.

A worker marks the message taken (committed) before it sends, and holds it (an advisory lock of its database session,
no row lock and no open transaction) while it sends. When it dies the lock goes with its database connection, the
mark stays: the sweep (every minute) hands such a message over
again once it was taken longer than ``LOBMATCH_OUTBOX_LOST_AFTER`` ago (30 s). The broker would give the lost
message back only after its visibility timeout (an hour); when it does, delivery finds the message sent.

The first tests check the sweep's rule on the database alone; the last ones run real worker processes
(tests/reminders/crash_worker.py) on a real Redis and kill them with SIGKILL in the middle of sending.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone

from lobmatch import mailing
from lobmatch.celery import app as celery_app
from lobmatch.models import OutboxMessage
from lobmatch.outbox import build_email, enqueue_email
from tests.reminders.helpers import reset_broker_pools, wait_until
from tests.services import stop_process

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def recorded_message(**fields) -> OutboxMessage:
    message = build_email(to=["decaan@school.example"], template="reminder_claim",
                          context={"school": "Het Baken", "name": "Petra", "url": "/claims/1/"},
                          dedupe_key=f"crash:{uuid.uuid4().hex}").to_model()
    message.save()
    OutboxMessage.objects.filter(pk=message.pk).update(**fields)
    return message


# --- the sweep's rule ----------------------------------------------------------------------------------------------

def test_a_message_whose_worker_died_while_sending_is_handed_over_by_the_next_sweep(mailoutbox):
    now = timezone.now()
    lost = recorded_message(dispatched_at=now - dt.timedelta(seconds=40), taken_at=now - dt.timedelta(seconds=35))
    lost_retry = recorded_message(status=OutboxMessage.Status.FAILED, attempts=1,
                                  dispatched_at=now - dt.timedelta(minutes=2),
                                  taken_at=now - dt.timedelta(seconds=31))
    just_taken = recorded_message(dispatched_at=now - dt.timedelta(seconds=12), taken_at=now - dt.timedelta(seconds=10))
    queued = recorded_message(dispatched_at=now - dt.timedelta(minutes=5))  # waiting in the broker's queue

    assert mailing.dispatch_pending() == 2  # eager here: handed over is delivered at once

    assert sorted(m.to[0] for m in mailoutbox) == ["decaan@school.example"] * 2
    rows = {pk: (status, attempts) for pk, status, attempts in
            OutboxMessage.objects.values_list("pk", "status", "attempts")}
    # The attempt the worker died in counts, then the one that sent it.
    assert rows[lost.pk] == (OutboxMessage.Status.SENT, 2)
    assert rows[lost_retry.pk] == (OutboxMessage.Status.SENT, 3)
    assert rows[just_taken.pk] == rows[queued.pk] == (OutboxMessage.Status.PENDING, 0)


def test_a_message_that_takes_down_every_worker_stops_at_the_attempt_limit_as_failed(settings, mailoutbox):
    settings.LOBMATCH_OUTBOX_MAX_ATTEMPTS = 3
    now = timezone.now()
    poison = recorded_message(attempts=2, last_error=mailing.WORKER_LOST, dispatched_at=now - dt.timedelta(minutes=1),
                              taken_at=now - dt.timedelta(seconds=40))

    assert mailing.dispatch_pending() == 0  # not handed to a third worker
    poison.refresh_from_db()
    assert (poison.status, poison.attempts, poison.taken_at) == (OutboxMessage.Status.FAILED, 3, None)
    assert poison.last_error == "Worker gestopt tijdens het versturen."
    assert mailoutbox == []
    assert mailing.dispatch_pending() == 0  # and it stays put: the admin shows it failed, with its retry action


def test_a_message_a_live_worker_is_still_sending_is_not_handed_over(mailoutbox):
    """However long the send takes: the sweep skips what is locked (a row lock here; the delivering worker's own
    hold in the next test)."""
    now = timezone.now()
    slow = recorded_message(dispatched_at=now - dt.timedelta(minutes=3), taken_at=now - dt.timedelta(minutes=2))
    locked, release = threading.Event(), threading.Event()

    def sending():
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=slow.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=sending)
    worker.start()
    try:
        assert locked.wait(10)
        assert mailing.dispatch_pending() == 0
    finally:
        release.set()
        worker.join()
    assert mailoutbox == []
    assert mailing.dispatch_pending() == 1  # and once that worker is gone, it goes


def test_a_message_held_by_a_delivering_worker_is_not_handed_over_however_long_it_takes(mailoutbox):
    now = timezone.now()
    slow = recorded_message(dispatched_at=now - dt.timedelta(minutes=20), taken_at=now - dt.timedelta(minutes=2))
    held, release = threading.Event(), threading.Event()

    def sending():
        try:
            with mailing._taken(slow.pk) as taken:  # what deliver() holds while it renders and sends
                assert taken
                held.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=sending)
    worker.start()
    try:
        assert held.wait(10)
        assert mailing.dispatch_pending() == 0  # neither lost nor stale while its worker is at it
        assert mailing.deliver(slow.pk) is False  # nor sent by a second delivery
    finally:
        release.set()
        worker.join()
    assert mailoutbox == []
    assert mailing.dispatch_pending() == 1  # once that worker is gone, it goes
    assert len(mailoutbox) == 1


def test_no_row_lock_is_held_while_a_mail_is_rendered_and_sent():
    message = recorded_message()
    seen = {}

    def renderer(descriptor):
        seen["row_free"] = _row_lockable_elsewhere(message.pk)
        return "x.txt", b"x", "text/plain"

    mailing.register_attachment("probe", renderer)
    try:
        OutboxMessage.objects.filter(pk=message.pk).update(payload={**message.payload,
                                                                    "attachments": [{"kind": "probe"}]})
        assert mailing.deliver(message.pk) is True
    finally:
        mailing.ATTACHMENT_RENDERERS.pop("probe", None)
    assert seen["row_free"] is True  # the admin, the sweep and other writers are not kept waiting on the SMTP server


def _row_lockable_elsewhere(pk: int) -> bool:
    """Whether another connection can lock the row at once (``NOWAIT``)."""
    from django.db import DatabaseError

    result = {}

    def lock():
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update(nowait=True).get(pk=pk)
            result["value"] = True
        except DatabaseError:
            result["value"] = False
        finally:
            connection.close()

    thread = threading.Thread(target=lock)
    thread.start()
    thread.join()
    return result["value"]


def test_delivery_marks_the_message_taken_before_sending_and_clears_it_with_the_outcome(settings):
    message = recorded_message()
    seen = {}

    def renderer(descriptor):
        # Runs inside the delivery, while the mail is being put together: what do other connections see now?
        seen["taken_at"] = _read_elsewhere(message.pk)
        return "x.txt", b"x", "text/plain"

    mailing.register_attachment("probe", renderer)
    try:
        OutboxMessage.objects.filter(pk=message.pk).update(payload={**message.payload,
                                                                    "attachments": [{"kind": "probe"}]})
        assert mailing.deliver(message.pk) is True
    finally:
        mailing.ATTACHMENT_RENDERERS.pop("probe", None)
    assert seen["taken_at"] is not None  # committed before sending: visible to the sweep if this worker dies
    message.refresh_from_db()
    assert (message.status, message.taken_at) == (OutboxMessage.Status.SENT, None)


def _read_elsewhere(pk: int):
    """``taken_at`` as another connection (the sweep) sees it."""
    result = {}

    def read():
        try:
            result["value"] = OutboxMessage.objects.values_list("taken_at", flat=True).get(pk=pk)
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return result["value"]


# --- real worker processes, killed -------------------------------------------------------------------------------

READY = re.compile(r"@\S+ ready\.")
SWEEP_EVERY = 1.0  # seconds; the beat runs the sweep every minute


class WorkerProcess:
    """``celery -A lobmatch worker`` (prefork, as in docker-compose) in a session of its own, logging to a file."""

    def __init__(self, name: str, env: dict[str, str], logdir: Path):
        self.log = logdir / f"worker-{name}.log"
        command = [sys.executable, "-m", "celery", "-A", "lobmatch", "worker", "--pool", "prefork",
                   "--concurrency", "1", "--loglevel", "INFO", "--hostname", f"{name}-{uuid.uuid4().hex[:6]}@%h",
                   "--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.name = name
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(command, cwd=django_settings.BASE_DIR, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self) -> None:
        wait_until(lambda: READY.search(self.text()) or self.proc.poll() is not None, timeout=60,
                   what=f"worker {self.name} to start")
        assert self.proc.poll() is None, self.text()[-3000:]

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL to the whole worker (main process and pool children), as ``docker kill`` does."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            stop_process(self.proc)


@pytest.fixture
def crash_site(redis_url, tmp_path, settings):
    """The project's Celery app on the shared throwaway Redis under a key prefix of this test (not eager), a mail
    drop directory, and ``start(name)`` for worker processes on the same broker and the test database."""
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need the PostgreSQL test database (the suite has it where PostgreSQL runs)")
    broker, prefix = f"{redis_url}/0", f"lobmatch-crash-{uuid.uuid4().hex[:12]}:"
    drop = tmp_path / "mail"
    drop.mkdir()
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.reminders.crash_worker",
           "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "LOBMATCH_TEST_BROKER_URL": broker, "LOBMATCH_TEST_BROKER_PREFIX": prefix,
           "LOBMATCH_TEST_MAILDROP": str(drop)}
    changes = {"broker_url": broker, "task_always_eager": False,
               "broker_transport_options": {"global_keyprefix": prefix}, "broker_connection_timeout": 2}
    saved = {key: celery_app.conf[key] for key in changes}
    celery_app.conf.update(changes)
    reset_broker_pools()
    workers: list[WorkerProcess] = []

    class Site:
        mail = drop

        @staticmethod
        def start(name: str) -> WorkerProcess:
            worker = WorkerProcess(name, env, tmp_path)
            workers.append(worker)  # stopped after the test, also when it never became ready
            worker.wait_ready()
            return worker

        @staticmethod
        def sent() -> list[Path]:
            return sorted(drop.glob("*.eml"))

        @staticmethod
        def sending() -> list[tuple[int, str]]:
            return [(int(pid), to) for pid, to in (p.read_text().split(" ", 1) for p in drop.glob("*.sending"))]

        @staticmethod
        def broker_gives_back_what_the_dead_held() -> None:
            """What the broker does with the messages of a dead worker after its visibility timeout (an hour)."""
            from kombu import Connection

            with Connection(broker, transport_options={"global_keyprefix": prefix, "visibility_timeout": 0}) as conn:
                conn.default_channel.qos.restore_visible(num=100, interval=1)

    try:
        yield Site
    finally:
        for worker in workers:
            worker.stop()
        celery_app.conf.update(saved)
        reset_broker_pools()
        with contextlib.suppress(Exception):
            import redis

            client = redis.Redis.from_url(broker, socket_connect_timeout=1)
            keys = list(client.scan_iter(match=f"{prefix}*"))
            if keys:
                client.delete(*keys)
            client.close()


def sweep_until(predicate, *, timeout: float):
    """Run the sweep every SWEEP_EVERY seconds, as the beat does every minute, until ``predicate()`` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"not done within {timeout:.0f} s")
        mailing.dispatch_pending()
        time.sleep(SWEEP_EVERY)


def task_ids(log: str, outcome: str) -> list[str]:
    return re.findall(rf"Task lobmatch\.tasks\.deliver_message\[([0-9a-f-]+)\] {outcome}", log)


def test_a_worker_killed_while_sending_costs_about_a_minute_and_the_mail_goes_once(crash_site, settings):
    settings.LOBMATCH_OUTBOX_LOST_AFTER = 5  # production: 30 s, with the sweep every minute
    first = crash_site.start("a")
    with transaction.atomic():  # a state change records the mail; handed to the broker after commit
        message = enqueue_email(to=["decaan@school.example"], template="reminder_claim",
                                context={"school": "Het Baken", "name": "Petra", "url": "/claims/1/"},
                                dedupe_key=f"crash:{uuid.uuid4().hex}")
    [(pid, to)] = wait_until(crash_site.sending, timeout=30, what="the worker to start sending")
    assert to == "decaan@school.example" and pid != first.proc.pid  # a pool child of worker a is sending

    first.kill()
    killed_at = time.monotonic()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING and message.taken_at is not None
    assert crash_site.sent() == []
    [lost_task] = task_ids(first.text(), "received")

    restarted = crash_site.start("b")  # docker-compose's restart policy
    sweep_until(crash_site.sent, timeout=60)
    arrived_after = time.monotonic() - killed_at
    # Taken more than LOST_AFTER ago, found by the next sweep, sent by worker b (which had to start first).
    assert arrived_after < settings.LOBMATCH_OUTBOX_LOST_AFTER + SWEEP_EVERY + 30, arrived_after
    print(f"mail arrived {arrived_after:.1f} s after the worker was killed")  # noqa: T201 - shown with -s

    message = wait_until(lambda: OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENT).first(),
                         what="the worker to record the mail sent")  # the mail is written just before the commit
    assert (message.attempts, message.taken_at, message.last_error) == (2, None, "")  # the lost attempt counts

    # An hour later the broker gives the dead worker's message back too: delivered, it finds the mail sent.
    crash_site.broker_gives_back_what_the_dead_held()
    wait_until(lambda: lost_task in task_ids(restarted.text(), r"succeeded in [0-9.]+s: False"), timeout=30,
               what="the message the broker gave back to be delivered")
    for _ in range(3):
        mailing.dispatch_pending()
    time.sleep(2 * SWEEP_EVERY)
    assert len(crash_site.sent()) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 2)


def test_a_pool_process_killed_while_sending_is_redelivered_at_once(crash_site, settings):
    """Only the pool child dies (the out-of-memory killer picks the biggest process): the worker sees it lost and
    puts the message back at once (task_reject_on_worker_lost), without waiting for the sweep."""
    settings.LOBMATCH_OUTBOX_LOST_AFTER = 3600  # the sweep stays out of this
    worker = crash_site.start("a")
    with transaction.atomic():
        message = enqueue_email(to=["decaan@school.example"], template="reminder_claim",
                                context={"school": "Het Baken", "name": "Petra", "url": "/claims/1/"},
                                dedupe_key=f"crash:{uuid.uuid4().hex}")
    [(pid, _to)] = wait_until(crash_site.sending, timeout=30, what="the worker to start sending")
    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()

    wait_until(crash_site.sent, timeout=30, what="the mail to be sent again")
    assert time.monotonic() - killed_at < 30
    assert worker.proc.poll() is None  # the worker itself lives on
    message = wait_until(lambda: OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENT).first(),
                         what="the worker to record the mail sent")
    assert (message.attempts, message.taken_at) == (1, None)
    time.sleep(2)
    assert len(crash_site.sent()) == 1
