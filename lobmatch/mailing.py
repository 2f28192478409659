"""Rendering and delivery of outbox messages, the one hand-over to Celery, and the sweep that hands pending
messages over again.

Delivery is idempotent without holding a row lock while a mail is rendered and sent: :func:`deliver` takes the
message with a session-level advisory lock on PostgreSQL (:func:`_taken`), stamps ``taken_at`` and sends outside any
transaction. Two workers that receive the same message (a repeated task, a sweep racing a retry) send it once: the
second finds it taken or already sent and stops. A worker that dies takes its connection and with it the lock, so
the message can be delivered again at once (the broker gives a dead pool process's task back) or by the sweep. A
failure is recorded on the row (status ``failed``, the error, the attempt count) and raised as
:class:`DeliveryError` so the Celery task can retry with backoff. Every email has a plain-text and an HTML part in
the house style (``emails/base_email.html``); templates without their own ``.html`` are wrapped in it.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from contextlib import contextmanager

from celery import current_app
from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Least
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext

from .models import OutboxMessage

log = logging.getLogger(__name__)

# The Celery task that delivers a message, by name: lobmatch.tasks imports this module, never the other way round.
DELIVER_TASK = "lobmatch.tasks.deliver_message"
# Handing over must not hold the user's request (or the sweep) when the broker is down: one quick retry, then the
# message stays pending for the next sweep.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}

# Attachment renderers are registered by the apps in their AppConfig.ready (a calendar file, a PDF...).
ATTACHMENT_RENDERERS: dict = {}

# A pending message handed to the broker this long ago without being delivered is handed over again (the broker may
# have lost it, e.g. Redis restarted without persistence); delivery is idempotent, so this never doubles a mail.
STALE_PENDING = dt.timedelta(minutes=15)


# Recorded on a message whose worker died while sending it (the attempt counts, see dispatch_pending).
WORKER_LOST = "Worker gestopt tijdens het versturen."


def lost_after() -> dt.timedelta:
    """A message a worker began delivering this long ago (``taken_at``), which no worker holds any more, was lost
    with that worker (killed, out of memory) and is handed over again by the next sweep (every minute). A worker
    that is still sending holds the message (:func:`_taken`), so it is never handed over twice. (The broker itself
    would give the message back only after its visibility timeout, an hour, which must stay longer than the longest
    retry countdown.) LOBMATCH_OUTBOX_LOST_AFTER, seconds."""
    return dt.timedelta(seconds=float(getattr(settings, "LOBMATCH_OUTBOX_LOST_AFTER", 30)))


class DeliveryError(Exception):
    def __init__(self, message: str = "", attempts: int = 0):
        super().__init__(message)
        self.attempts = attempts


def max_attempts() -> int:
    return int(getattr(settings, "LOBMATCH_OUTBOX_MAX_ATTEMPTS", 6))


# Shared facts of an object (a meeting: when, where, with whom), registered by the apps and read when a mail is
# rendered: tens of thousands of reminders do not each store a copy, and each mail says what is true when it goes.
CONTEXT_PROVIDERS: dict = {}


def register_context(kind: str, provider) -> None:
    """``provider(source, context) -> dict`` for payloads with ``context_from={"kind": kind, ...}``; it runs in the
    recipient's language and may read the message's own ``context`` (its values win)."""
    CONTEXT_PROVIDERS[kind] = provider


# URL names (with a ``token`` argument) of personal links mails carry: an availability poll, the pulse survey, a
# calendar feed. Whoever holds one answers or reads as its person, so the outbox shows them shortened.
PERSONAL_LINKS: set[str] = set()


def register_personal_link(url_name: str) -> None:
    PERSONAL_LINKS.add(url_name)


def register_attachment(kind: str, renderer) -> None:
    """``renderer(descriptor) -> (filename, content_bytes, mimetype)``."""
    ATTACHMENT_RENDERERS[kind] = renderer


def _revive(context: dict) -> dict:
    """JSON has no dates: ISO strings under keys ending in ``_at`` / ``_on`` become aware datetimes / dates.
    Values that depend on the recipient's language are stored neutral and rendered here, under that language:
    ``_label`` keys hold a Dutch source text (a msgid) and are translated; ``_money`` keys hold an amount
    ("1334.50") and are formatted with the language's separators."""
    from .templatetags.lobmatch import format_money

    out = {}
    for key, value in context.items():
        if isinstance(value, str) and key.endswith("_label"):
            value = gettext(value) if value else ""
        elif isinstance(value, str | int | float) and key.endswith("_money"):
            value = format_money(value)
        elif isinstance(value, str) and key.endswith("_at"):
            parsed = parse_datetime(value)
            if parsed is not None:
                value = timezone.localtime(parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed))
        elif isinstance(value, str) and key.endswith("_on"):
            value = parse_date(value) or value
        elif isinstance(value, list):  # rows of a table (a digest's lines) follow the same rules
            value = [_revive(item) if isinstance(item, dict) else item for item in value]
        out[key] = value
    return out


def render_message(payload: dict, *, attachments: bool = True) -> EmailMultiAlternatives:
    """The mail of an outbox payload, in its recipient's language. ``attachments=False`` leaves the files out (the
    outbox page shows the text without rendering a PDF)."""
    language = payload.get("language") or settings.LANGUAGE_CODE
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        # The reason is stored as its Dutch source text (gettext_noop) and said in the recipient's language.
        reason = payload.get("reason", "")
        own = _revive(payload.get("context", {}))
        source = payload.get("context_from")
        shared = CONTEXT_PROVIDERS[source["kind"]](source, own) if source else {}
        ctx = {"site_url": settings.SITE_URL, "contact_email": settings.PROGRAMME_CONTACT_EMAIL, "contact_name": "",
               **shared, **own, "reason": gettext(reason) if reason else ""}
        template = payload["template"]
        subject = payload.get("subject") or render_to_string(f"emails/{template}_subject.txt", ctx)
        # Templates autoescape for HTML; plain text and subjects must show "&", not "&amp;".
        subject = " ".join(html.unescape(subject).split())
        body = html.unescape(render_to_string(f"emails/{template}.txt", ctx))
        try:
            html_body = render_to_string(f"emails/{template}.html", ctx)
        except TemplateDoesNotExist:
            html_body = render_to_string("emails/base_email.html", {**ctx, "subject": subject, "body_text": body})
        # Attachments too speak the recipient's language (a calendar event's title, a PDF's headings), whatever
        # language is active where the mail is sent (an eager task in the adviser's English request, a worker).
        files = []
        for descriptor in payload.get("attachments", []) if attachments else []:
            renderer = ATTACHMENT_RENDERERS.get(descriptor.get("kind"))
            if renderer is None:
                raise DeliveryError(f"No renderer for attachment {descriptor!r}")
            files.append(renderer(descriptor))
    mail = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=body, to=payload["to"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
    )
    mail.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in files:
        mail.attach(filename, content, mimetype)
    return mail


def task_named(name: str):
    """A registered Celery task. The web process imports the apps' task modules only when it first needs one."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def hand_over(message_id: int) -> None:
    """The one hand-over to Celery (after commit, by the sweep, by the admin's retry). Raises when the broker
    cannot be reached; the message then stays pending for the sweep."""
    task_named(DELIVER_TASK).apply_async((message_id,), retry=True, retry_policy=PUBLISH_RETRY_POLICY)


def _perform(message: OutboxMessage) -> None:
    if message.kind == OutboxMessage.Kind.TASK:
        task = task_named(message.payload["task"])
        task(*message.payload.get("args", []), **message.payload.get("kwargs", {}))  # runs here, in this worker
        return
    render_message(message.payload).send()


def _no_longer_applies(message: OutboxMessage) -> str:
    """Why a reminder should not go out any more ('' when it should): its moment has passed (``not_after``), or
    the object it is about left the state it was sent for (``still_due``: model label, pk and status, e.g. a draft
    that was submitted, a meeting that was cancelled or logged). Checked at delivery, so a backlog after a broker
    outage does not mail what no longer applies."""
    if message.kind != OutboxMessage.Kind.EMAIL:
        return ""
    payload = message.payload
    moment = parse_datetime(payload.get("not_after") or "")
    if moment is not None and timezone.now() > moment:
        return f"Niet verstuurd: te laat (het moment {payload['not_after']} is voorbij)."
    due = payload.get("still_due")
    if due:
        model = apps.get_model(due["model"])
        if not model._default_manager.filter(pk=due["pk"], status=due["status"]).exists():
            return "Niet verstuurd: niet meer van toepassing (de aanmelding of bijeenkomst is intussen gewijzigd)."
    return ""


# The advisory lock that holds a message for the worker delivering it: the outbox table's oid and the message id.
LOCK_KEY = "%s::regclass::oid::int, ({id} %% 2147483648)::int"


@contextmanager
def _taken(message_id: int):
    """Holds one message for the worker delivering it, without a transaction: a session-level advisory lock
    (PostgreSQL), released when delivery ends or the worker's connection dies with it. Yields whether this worker
    got it. Other databases (a developer's SQLite, one process) need no lock."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = LOCK_KEY.format(id="%s")
    params = [OutboxMessage._meta.db_table, message_id]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_try_advisory_lock({key})", params)
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT pg_advisory_unlock({key})", params)


def deliver(message_id: int) -> bool:
    """Send one message. Returns False when it was already sent or is being sent (another worker, a repeated task)
    or is gone; raises :class:`DeliveryError` after recording a failure on the row."""
    with _taken(message_id) as taken:
        if not taken:
            return False
        open_statuses = (OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED)
        # Committed before sending: if this worker dies while sending, the sweep sees the message was taken and never
        # finished (see lost_after).
        if not OutboxMessage.objects.filter(pk=message_id, status__in=open_statuses).update(taken_at=timezone.now()):
            return False
        message = OutboxMessage.objects.get(pk=message_id)
        why_not = _no_longer_applies(message)
        if why_not:
            message.status = OutboxMessage.Status.SKIPPED
            message.last_error = why_not
            message.dispatched_at = timezone.now()
            message.taken_at = None
            message.save(update_fields=["last_error", "status", "dispatched_at", "taken_at"])
            return False
        message.attempts = min(message.attempts + 1, 32767)
        try:
            _perform(message)
        except Exception as exc:  # noqa: BLE001 - record any failure, then let the task retry
            message.last_error = f"{type(exc).__name__}: {exc}"[:4000]
            message.status = OutboxMessage.Status.FAILED
            message.dispatched_at = timezone.now()
            message.taken_at = None
            message.save(update_fields=["attempts", "last_error", "status", "dispatched_at", "taken_at"])
            log.warning("Outbox message %s failed (attempt %s): %s", message_id, message.attempts, exc)
            raise DeliveryError(message.last_error, message.attempts) from exc
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.taken_at = None
        message.save(update_fields=["attempts", "last_error", "status", "sent_at", "taken_at"])
        return True


def retry_backoff(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: exponential from LOBMATCH_OUTBOX_RETRY_BACKOFF (default 60 s),
    capped at LOBMATCH_OUTBOX_RETRY_BACKOFF_MAX (default one hour)."""
    base = float(getattr(settings, "LOBMATCH_OUTBOX_RETRY_BACKOFF", 60))
    cap = float(getattr(settings, "LOBMATCH_OUTBOX_RETRY_BACKOFF_MAX", 3600))
    return min(cap, base * (2 ** retries))


def dispatchable(now: dt.datetime | None = None, max_age: dt.timedelta = dt.timedelta(days=7)):
    """Messages the sweep hands over: pending and never (or too long ago) handed over, those a worker took and died
    with (:func:`lost_after`), and failed ones whose retries were lost (the broker was down when the retry was due)
    while attempts remain."""
    now = now or timezone.now()
    stale_failed = dt.timedelta(seconds=2 * float(getattr(settings, "LOBMATCH_OUTBOX_RETRY_BACKOFF_MAX", 3600)))
    return OutboxMessage.objects.filter(Q(created_at__gte=now - max_age) | Q(requeued_at__gte=now - max_age)).filter(
        Q(status=OutboxMessage.Status.PENDING)
        & (Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - STALE_PENDING))
        | Q(status=OutboxMessage.Status.FAILED, attempts__lt=max_attempts(), dispatched_at__lt=now - stale_failed)
        | Q(status__in=(OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED), taken_at__lt=now - lost_after())
    )


def _not_being_sent(queryset):
    """Leaves out the messages a live worker holds (:func:`_taken`): trying its lock for the rest of the sweep's
    transaction, only on messages that were taken (few; a lock per row of a large backlog would fill the lock
    table)."""
    if connection.vendor != "postgresql":
        return queryset
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    key = LOCK_KEY.format(id=f"{table}.id")
    free = RawSQL(f"CASE WHEN {table}.taken_at IS NULL THEN true ELSE pg_try_advisory_xact_lock({key}) END",  # noqa: S611
                  [OutboxMessage._meta.db_table], output_field=BooleanField())
    return queryset.alias(free=free).filter(free=True)


def dispatch_pending(max_age: dt.timedelta = dt.timedelta(days=7), limit: int = 20_000, chunk: int = 500) -> int:
    """Hand what is pending to the broker (after an outage, or what reminders created). Returns how many.

    Each chunk is claimed under ``select_for_update(skip_locked=True)`` and stamped ``dispatched_at``, so two
    sweeps never take the same messages, nor one a worker is sending right now (:func:`_not_being_sent`); when the
    broker is down the rest of the chunk is released for the next sweep and the loop stops. The attempt a worker died in
    counts: a message that takes down every worker that sends it (an attachment too big for its memory, say) stops
    at the limit, failed and visible in the admin, instead of killing a worker every minute.
    """
    handed = 0
    while handed < limit:
        now = timezone.now()
        with transaction.atomic():
            ids = list(_not_being_sent(dispatchable(now, max_age)).select_for_update(skip_locked=True)
                       .order_by("created_at", "pk").values_list("pk", flat=True)[:min(chunk, limit - handed)])
            if not ids:
                break
            lost = OutboxMessage.objects.filter(pk__in=ids, taken_at__lt=now - lost_after())
            lost.update(attempts=Least(F("attempts") + 1, 32767), last_error=WORKER_LOST)
            given_up = set(lost.filter(attempts__gte=max_attempts()).values_list("pk", flat=True))
            if given_up:
                log.error("Outbox messages %s: their workers died while sending them %s times; giving up",
                          sorted(given_up), max_attempts())
                OutboxMessage.objects.filter(pk__in=given_up).update(status=OutboxMessage.Status.FAILED,
                                                                     dispatched_at=now, taken_at=None)
                ids = [pk for pk in ids if pk not in given_up]
            OutboxMessage.objects.filter(pk__in=ids).update(dispatched_at=now, taken_at=None)
        sent = 0
        try:
            for pk in ids:
                hand_over(pk)
                sent += 1
        except Exception:  # noqa: BLE001 - broker down: release the rest for the next sweep
            log.warning("Broker unavailable; %s outbox messages stay pending", len(ids) - sent, exc_info=True)
            OutboxMessage.objects.filter(pk__in=ids[sent:], status=OutboxMessage.Status.PENDING) \
                .update(dispatched_at=None)
            return handed + sent
        handed += sent
    return handed


@transaction.atomic
def requeue(queryset) -> list[int]:
    """Make unsent messages pending again (the admin's retry action); the caller dispatches the returned ids."""
    ids = list(queryset.exclude(status=OutboxMessage.Status.SENT).select_for_update().values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxMessage.Status.PENDING, attempts=0,
                                                    dispatched_at=None, taken_at=None, requeued_at=timezone.now())
    return ids
