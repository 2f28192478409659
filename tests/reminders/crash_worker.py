"""A real Celery worker process for tests/reminders/test_worker_crash.py, which kills it.

Used as the worker's settings module (``DJANGO_SETTINGS_MODULE=tests.reminders.crash_worker``): the test settings
with the broker the test gives and not eager, and :class:`MailDrop` as the email backend, so the test (another
process) can see what was sent. The first mail of a drop directory hangs in the middle of sending: the moment the
test kills the worker.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

from lobmatch.settings.test import *  # noqa: F403

CELERY_BROKER_URL = os.environ.get("LOBMATCH_TEST_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"global_keyprefix": os.environ.get("LOBMATCH_TEST_BROKER_PREFIX", "")}
CELERY_WORKER_HIJACK_ROOT_LOGGER = True
EMAIL_BACKEND = "tests.reminders.crash_worker.MailDrop"
HANGING_SEND_SECONDS = 300


class MailDrop(BaseEmailBackend):
    """Each mail becomes ``<token>.eml`` in LOBMATCH_TEST_MAILDROP, after a ``<token>.sending`` file (the process
    id and the recipients). The first send of a drop directory hangs before its mail is written."""

    def send_messages(self, messages):
        drop = Path(os.environ["LOBMATCH_TEST_MAILDROP"])
        for message in messages:
            first = not any(drop.glob("*.sending"))
            token = uuid.uuid4().hex
            # Written whole, then renamed: the test polls for *.sending and must never read half a file.
            (drop / f"{token}.partial").write_text(f"{os.getpid()} {','.join(message.to)}")
            (drop / f"{token}.partial").rename(drop / f"{token}.sending")
            if first:
                time.sleep(HANGING_SEND_SECONDS)
            (drop / f"{token}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
