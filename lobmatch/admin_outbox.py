"""The outbox in the admin: what is pending, sent or failed (with the error), and a retry action.

Messages are records of what the system sent; they cannot be added or edited here, only sent again when they have
not been sent yet.
"""

import json
import re

from django.contrib import admin, messages
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .mail_names import MAILS
from .mailing import PERSONAL_LINKS, render_message, requeue
from .models import OutboxMessage
from .outbox import schedule_dispatch

WORD_BREAK = mark_safe("<wbr>")  # noqa: S308 (a constant)
REMINDERS = "reminders"  # the filter's choice of every mail that reminds someone of something
# What an attached file is, by the kind its payload records (the files themselves are made when the mail is sent).
ATTACHMENTS = {
    "application_pdf": _("aanmelding (pdf)"),
    "ics": _("agenda-item (ics)"),
    "invitation": _("uitnodiging voor de agenda (ics)"),
}


SHORTENED = "…"


def hide_personal_links(text: str) -> str:
    """``text`` with the secret of every personal link shortened (see lobmatch.mailing.register_personal_link):
    staff reading a mail in the outbox must not be able to answer a poll or the anonymous survey as its recipient,
    nor see from the link's page whether that person answered."""
    for name in PERSONAL_LINKS:
        try:
            path = reverse(name, kwargs={"token": "TOKEN"})
        except NoReverseMatch:
            continue
        before, _token, after = path.partition("TOKEN")
        text = re.sub(re.escape(before) + r"[^/\s\"'<>]+" + re.escape(after), before + SHORTENED + after, text)
    return text


class TemplateFilter(admin.SimpleListFilter):
    title = _("soort bericht")
    parameter_name = "template"

    def lookups(self, request, model_admin):
        return [(REMINDERS, _("alle herinneringen")), *MAILS.items()]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == REMINDERS:
            return queryset.filter(payload__template__in=[name for name in MAILS if "reminder" in name])
        return queryset.filter(payload__template=value)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    # No "type" column: a task shows its name under "bericht" and nobody under "aan" (the filter still has it).
    list_display = ["created_at", "status_display", "recipients", "what", "attempts", "error", "sent_at"]
    list_filter = ["status", "kind", TemplateFilter]
    search_fields = ["dedupe_key", "last_error", "payload__to", "payload__template"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    list_per_page = 100
    show_full_result_count = False  # a large outbox: no second COUNT(*) over the whole table
    actions = ["retry"]
    # The mail as its recipient reads it comes first; the record underneath it (key, payload) is folded away.
    readonly_fields = ["what", "recipients_all", "mail", "status", "attempts", "last_error", "created_at",
                       "dispatched_at", "sent_at", "kind", "dedupe_key", "payload_pretty"]
    fieldsets = [
        (None, {"fields": ["what", "recipients_all", "mail", "status", "attempts", "last_error", "created_at",
                           "dispatched_at", "sent_at"]}),
        (_("Technische gegevens"), {"classes": ["collapse"], "fields": ["kind", "dedupe_key", "payload_pretty"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # The record of what was sent to whom: only the superuser may remove it (e.g. on a request to erase data).
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj):
        label = obj.get_status_display()
        if obj.status in (OutboxMessage.Status.FAILED, OutboxMessage.Status.SKIPPED):
            return format_html("<strong>{}</strong>", label)
        return label

    @admin.display(description=_("aan"))
    def recipients(self, obj):
        to = obj.payload.get("to") or []
        if not to:
            return "—"
        # A long address may break before its "@" or a dot rather than push the list wider than the screen.
        parts = re.split(r"(?=[@.])", Truncator(", ".join(to)).chars(60))
        return format_html_join(WORD_BREAK, "{}", ((part,) for part in parts))

    @admin.display(description=_("bericht"))
    def what(self, obj):
        template = obj.payload.get("template")
        return MAILS.get(template, template) or obj.payload.get("task") or "—"

    @admin.display(description=_("fout"))
    def error(self, obj):
        return Truncator(obj.last_error).chars(160) if obj.last_error else ""

    @admin.display(description=_("aan"))
    def recipients_all(self, obj):
        return ", ".join(obj.payload.get("to") or []) or "—"

    @admin.display(description=_("e-mail"))
    def mail(self, obj):
        """Subject, text and attached files, made from the payload as a worker makes them, in the recipient's
        language. Made now: a text that reads records (a trajectory, a claim) shows what they say today."""
        if obj.kind != OutboxMessage.Kind.EMAIL:
            return "—"
        try:
            mail = render_message(obj.payload, attachments=False)
        except Exception as error:  # noqa: BLE001 - a record the templates no longer fit still opens
            return format_html("<em>{}</em> {}", _("Dit bericht kan niet worden opgemaakt:"), error)
        files = [str(ATTACHMENTS.get(item.get("kind"), item.get("kind"))) for item in obj.payload.get("attachments", [])]
        body = hide_personal_links(mail.body)
        return format_html(
            '<p><strong>{}</strong></p><pre class="outbox-mail">{}</pre>{}<p><small>{} {}</small></p>', mail.subject,
            body, format_html("<p>{} {}</p>", _("Bijlagen:"), ", ".join(files)) if files else "",
            _("Opgemaakt uit de gegevens zoals ze nu zijn; een later gewijzigd gegeven staat hier zoals het nu is."),
            _("Persoonlijke links zijn ingekort (…): wie zo'n link opent, antwoordt of leest als die persoon.")
            if body != mail.body else "")

    @admin.display(description=_("inhoud"))
    def payload_pretty(self, obj):
        return format_html("<pre>{}</pre>", hide_personal_links(json.dumps(obj.payload, indent=2, ensure_ascii=False)))

    @admin.action(description=_("Opnieuw versturen (alleen wat nog niet is verzonden)"), permissions=["change"])
    def retry(self, request, queryset):
        ids = requeue(queryset)
        for pk in ids:
            transaction.on_commit(lambda pk=pk: schedule_dispatch(pk), robust=True)
        skipped = queryset.count() - len(ids)
        self.message_user(request, ngettext("%(n)d bericht wordt opnieuw verstuurd.",
                                            "%(n)d berichten worden opnieuw verstuurd.", len(ids)) % {"n": len(ids)},
                          messages.SUCCESS)
        if skipped:
            self.message_user(request, ngettext("%(n)d bericht was al verzonden en is overgeslagen.",
                                                "%(n)d berichten waren al verzonden en zijn overgeslagen.",
                                                skipped) % {"n": skipped}, messages.WARNING)
