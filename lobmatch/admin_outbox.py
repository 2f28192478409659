"""The outbox in the admin: what is pending, sent or failed (with the error), and a retry action.

Messages are records of what the system sent; they cannot be added or edited here, only sent again when they have
not been sent yet.
"""

import json
import re

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .mailing import requeue
from .models import OutboxMessage
from .outbox import schedule_dispatch

# What each mail is, in the words of the programme office (templates/emails/<name>_subject.txt is the mail itself).
MAILS = {
    "application_confirmation": _("bevestiging aanmelding"),
    "application_status": _("status aanmelding"),
    "trajectory_introduction": _("introductie scholenkoppel"),
    "meeting_invitation": _("uitnodiging bijeenkomst"),
    "meeting_update": _("bijeenkomst verplaatst"),
    "meeting_cancelled": _("bijeenkomst geannuleerd"),
    "trajectory_adviser_changed": _("andere adviseur scholenkoppel"),
    "trajectory_ended": _("scholenkoppel beëindigd"),
    "meeting_adviser_changed": _("bijeenkomst: andere adviseur"),
    "meeting_handed_over": _("bijeenkomst overgedragen (vorige adviseur)"),
    "meeting_address_replaced": _("bijeenkomst uit agenda van gecorrigeerd adres"),
    "poll_invitation": _("peiling beschikbaarheid"),
    "poll_reminder": _("herinnering peiling beschikbaarheid"),
    "poll_stopped": _("peiling beschikbaarheid gestopt"),
    "pulse_invitation": _("peiling werkgroep"),
    "claim_submitted": _("ontvangstbevestiging declaratie"),
    "claim_decided": _("besluit declaratie"),
    "claim_corrected": _("declaratie gecorrigeerd"),
    "claim_returned": _("betaling teruggestuurd"),
    "claim_account_changed": _("rekening declaratie gewijzigd"),
    "login_email_changed": _("inlogadres gewijzigd"),
    "reminder_draft_application": _("herinnering concept-aanmelding"),
    "reminder_meeting": _("herinnering bijeenkomst"),
    "reminder_meeting_not_logged": _("herinnering verslag bijeenkomst"),
    "reminder_claim": _("herinnering declaratie"),
    "reminder_finance_digest": _("overzicht declaraties financiën"),
}
WORD_BREAK = mark_safe("<wbr>")  # noqa: S308 (a constant)
REMINDERS = "reminders"  # the filter's choice of every mail that reminds someone of something


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
    readonly_fields = ["kind", "status", "dedupe_key", "attempts", "last_error", "created_at", "dispatched_at",
                       "sent_at", "payload_pretty"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

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

    @admin.display(description=_("inhoud"))
    def payload_pretty(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, indent=2, ensure_ascii=False))

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
