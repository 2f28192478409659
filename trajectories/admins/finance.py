"""Admin of claims and export batches: read-only. Money and status change only through the finance pages and their
services (apply_transition, history); batches are immutable once written."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lobmatch.admin import ReadOnlyAdmin, SimpleHistoryAdmin
from lobmatch.templatetags.lobmatch import format_money

from ..models import ExportBatch, PaymentReturn, ReimbursementClaim


@admin.register(ReimbursementClaim)
class ReimbursementClaimAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "tranche", "status", "amount_display", "submitted_at", "batch"]
    list_filter = ["status", "trajectory__tranche"]
    search_fields = ["trajectory__application__school__name", "account_holder"]
    list_select_related = ["trajectory__application__school", "trajectory__tranche", "batch"]
    exclude = ["lines"]
    readonly_fields = ["trajectory", "status", "amount", "cap_amount", "counted_hours", "hourly_rate", "iban", "bic",
                       "account_holder", "submitted_by", "submitted_at", "decided_by", "decided_at",
                       "decision_reason", "batch", "paid_at", "created_at"]

    @admin.display(description=_("tranche"), ordering="trajectory__tranche")
    def tranche(self, obj):
        return obj.trajectory.tranche

    @admin.display(description=_("bedrag"), ordering="amount")
    def amount_display(self, obj):
        return format_money(obj.amount)


@admin.register(ExportBatch)
class ExportBatchAdmin(ReadOnlyAdmin):
    list_display = ["reference", "created_at", "created_by", "claim_count", "total_display"]
    list_select_related = ["created_by"]
    fields = readonly_fields = ["reference", "created_by", "created_at", "claim_count", "total_amount", "files",
                                "checksums"]

    @admin.display(description=_("bestanden (download via Financiën → Betaalbestanden)"))
    def files(self, obj):
        return ", ".join(f.name for f in (obj.csv_file, obj.xlsx_file, obj.sepa_file) if f)

    @admin.display(description=_("totaal"), ordering="total_amount")
    def total_display(self, obj):
        return format_money(obj.total_amount)


@admin.register(PaymentReturn)
class PaymentReturnAdmin(ReadOnlyAdmin):
    list_display = ["recorded_at", "batch", "claim", "amount_display", "reason", "recorded_by"]
    list_select_related = ["batch", "claim__trajectory__application__school", "recorded_by"]
    search_fields = ["batch__reference", "claim__trajectory__application__school__name", "reason"]
    fields = readonly_fields = ["claim", "batch", "amount", "iban", "account_holder", "reason", "recorded_by",
                                "recorded_at", "repaid_iban", "repaid_note", "repaid_by", "repaid_at"]

    @admin.display(description=_("bedrag"), ordering="amount")
    def amount_display(self, obj):
        return format_money(obj.amount)
