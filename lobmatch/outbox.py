"""The transactional outbox: the one way to send email or enqueue background work.

``enqueue_email`` writes an :class:`~lobmatch.models.OutboxMessage` in the caller's transaction and schedules a
dispatch after commit. If the broker is down the message stays pending and the periodic ``dispatch_pending`` task
(or the next dispatch) hands it over later: the user's request never fails because Redis is away.
A ``dedupe_key`` (reminder, object, recipient) makes the message exist at most once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from .models import OutboxMessage

log = logging.getLogger(__name__)


def enqueue_email(
    *,
    to: Iterable[str],
    template: str,
    context: dict | None = None,
    subject: str = "",
    dedupe_key: str | None = None,
    attachments: list[dict] | None = None,
    language: str = "nl",
    reason: str = "",
) -> OutboxMessage | None:
    """Record an email. ``template`` names ``emails/<template>.txt`` (and optional ``.html`` and ``_subject.txt``).

    ``attachments`` are descriptors rendered when the mail is sent, e.g. ``{"kind": "ics", "meeting": 12}`` or
    ``{"kind": "application_pdf", "application": 3}``: the outbox stores intent, not bytes.
    Returns None when a message with the same ``dedupe_key`` already exists.
    """
    recipients = sorted({addr.strip().lower() for addr in to if addr and addr.strip()})
    if not recipients:
        return None
    payload = {
        "to": recipients,
        "template": template,
        "context": context or {},
        "subject": subject,
        "attachments": attachments or [],
        "language": language,
        "reason": reason,
    }
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(kind=OutboxMessage.Kind.EMAIL, dedupe_key=dedupe_key,
                                                   payload=payload)
    except IntegrityError:
        if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: schedule_dispatch(message.pk))
    return message


def schedule_dispatch(message_id: int) -> None:
    """Hand one message to Celery; when the broker cannot be reached it stays pending for the periodic sweep."""
    from .tasks import deliver_message

    try:
        deliver_message.delay(message_id)
    except Exception:  # noqa: BLE001 - any broker error must not fail the user's request
        log.warning("Broker unavailable; outbox message %s stays pending", message_id, exc_info=True)
