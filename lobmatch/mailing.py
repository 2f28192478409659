"""Rendering and sending of outbox emails. Idempotent: a message already sent is never sent again."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxMessage

log = logging.getLogger(__name__)

# Attachment renderers are registered by the apps ("ics" by trajectories, "application_pdf" by partners...).
ATTACHMENT_RENDERERS: dict = {}


class DeliveryError(Exception):
    pass


def register_attachment(kind: str, renderer) -> None:
    """``renderer(descriptor) -> (filename, content_bytes, mimetype)``."""
    ATTACHMENT_RENDERERS[kind] = renderer


def render_message(payload: dict) -> EmailMultiAlternatives:
    ctx = {**payload.get("context", {}), "reason": payload.get("reason", ""), "site_url": settings.SITE_URL,
           "contact_email": settings.PROGRAMME_CONTACT_EMAIL}
    with translation.override(payload.get("language") or "nl"):
        template = payload["template"]
        subject = payload.get("subject") or render_to_string(f"emails/{template}_subject.txt", ctx).strip()
        body = render_to_string(f"emails/{template}.txt", ctx)
        try:
            html = render_to_string(f"emails/{template}.html", ctx)
        except TemplateDoesNotExist:
            html = None
    mail = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=body, to=payload["to"],
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
    if html:
        mail.attach_alternative(html, "text/html")
    for descriptor in payload.get("attachments", []):
        renderer = ATTACHMENT_RENDERERS.get(descriptor.get("kind"))
        if renderer is None:
            raise DeliveryError(f"No renderer for attachment {descriptor!r}")
        filename, content, mimetype = renderer(descriptor)
        mail.attach(filename, content, mimetype)
    return mail


def deliver(message_id: int) -> bool:
    """Send one message. Returns False when it was already sent (another worker, a repeated task)."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status == OutboxMessage.Status.SENT:
            return False
        message.attempts += 1
        try:
            render_message(message.payload).send()
        except Exception as exc:  # noqa: BLE001 - record any failure, then let the task retry
            message.last_error = f"{type(exc).__name__}: {exc}"
            message.status = OutboxMessage.Status.FAILED
            message.save(update_fields=["attempts", "last_error", "status"])
            log.warning("Outbox message %s failed: %s", message_id, exc)
            failed = DeliveryError(message.last_error)
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
            return True
    raise failed


def dispatch_pending(max_age: dt.timedelta = dt.timedelta(days=7), limit: int = 500) -> int:
    """Send what is pending (e.g. after the broker was down). Returns the number handed over."""
    from .outbox import schedule_dispatch

    since = timezone.now() - max_age
    ids = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, created_at__gte=since)
        .order_by("created_at").values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        schedule_dispatch(pk)
    return len(ids)
