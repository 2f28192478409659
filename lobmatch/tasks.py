"""Thin Celery tasks: they call the services that do the work."""

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def deliver_message(self, message_id: int):
    from .mailing import DeliveryError, deliver

    try:
        deliver(message_id)
    except DeliveryError as exc:
        raise self.retry(exc=exc)


@shared_task(acks_late=True)
def dispatch_pending():
    from .mailing import dispatch_pending as run

    return run()
