"""Thin Celery tasks of the outbox and the reminders: they call the services that do the work.

The top of the core: nothing in lobmatch imports this module (the outbox hands over by task name, see
:func:`lobmatch.mailing.hand_over`); Celery's autodiscovery does.
"""

import logging

from celery import shared_task

from . import mailing, reminders

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver_message(self, message_id: int):
    """Send one outbox message; on failure retry with exponential backoff until the attempts run out (the row then
    stays 'failed' with its error, visible in the admin, which can send it again)."""
    try:
        return mailing.deliver(message_id)
    except mailing.DeliveryError as exc:
        if self.request.is_eager:
            # Eager (no broker, e.g. `make run`): this runs inside the user's request, which must not fail.
            # The row says 'failed' with the error; the sweep or the admin's retry action sends it later.
            log.warning("Outbox message %s failed eagerly; kept for retry: %s", message_id, exc)
            return False
        if exc.attempts >= mailing.max_attempts():
            log.error("Outbox message %s failed %s times; giving up: %s", message_id, exc.attempts, exc)
            return False
        raise self.retry(exc=exc, countdown=mailing.retry_backoff(self.request.retries))


@shared_task(acks_late=True)
def dispatch_pending():
    """Beat (every minute): hand pending messages to the broker, e.g. after Redis was down."""
    return mailing.dispatch_pending()


@shared_task(acks_late=True)
def run_reminders():
    """Beat (hourly): every registered reminder finds what is due and records it once; then hand it over."""
    try:
        return reminders.run_all()
    finally:
        mailing.dispatch_pending()


@shared_task(acks_late=True)
def run_reminder(name: str):
    """One registered reminder on its own (e.g. a periodic task added in the admin with args ``["meetings_ahead"]``);
    then hand over what it recorded."""
    try:
        return reminders.registered()[name].run()
    finally:
        mailing.dispatch_pending()
