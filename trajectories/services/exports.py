"""Finance exports: approved claims → one immutable batch with CSV, XLSX and a SEPA pain.001 file.

A claim enters at most one batch: the approved claims are locked (SELECT … FOR UPDATE) and moved to 'exported' in
the same transaction, so a second export running at the same time waits and then finds none of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

from defusedcsv import csv
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lobmatch.workflow import apply_transition

from ..models import ExportBatch, ReimbursementClaim

HEADER = ["declaratie", "school", "brin", "tranche", "tenaamstelling", "iban", "bic", "bedrag", "uren", "status"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    pass


def claim_row(claim: ReimbursementClaim) -> list:
    school = claim.trajectory.application.school
    return [claim.pk, school.name, school.code, str(claim.trajectory.tranche), claim.account_holder, claim.iban,
            claim.bic, f"{claim.amount:.2f}", f"{claim.counted_hours:.2f}", claim.status]


def export_queryset(qs):
    return qs.select_related("trajectory__application__school", "trajectory__tranche").order_by("pk")


def write_claims_csv(queryset, fileobj) -> int:
    """Stream claims as CSV (formula injection neutralised by defusedcsv) with constant memory."""
    writer = csv.writer(fileobj, delimiter=";")
    writer.writerow(HEADER)
    n = 0
    for claim in export_queryset(queryset).iterator(chunk_size=2000):
        writer.writerow(claim_row(claim))
        n += 1
    return n


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_bytes(claims: list[ReimbursementClaim]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Declaraties")
    sheet.append(HEADER)
    for claim in claims:
        row = claim_row(claim)
        row[7] = float(claim.amount)
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """XLSX is a zip with timestamps; rewrite with fixed times so the file is reproducible."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def sepa_bytes(claims: list[ReimbursementClaim], reference: str, execution_date: dt.date) -> bytes:
    from sepaxml import SepaTransfer

    sepa = SepaTransfer({"name": settings.LOBMATCH_DEBTOR_NAME, "IBAN": settings.LOBMATCH_DEBTOR_IBAN,
                         "BIC": settings.LOBMATCH_DEBTOR_BIC, "batch": True, "currency": "EUR"},
                        clean=True)
    for claim in claims:
        payment = {"name": claim.account_holder or claim.trajectory.application.school.name, "IBAN": claim.iban,
                   "amount": int((claim.amount * 100).to_integral_value()), "execution_date": execution_date,
                   "description": f"LOB Ambassadeurs verletkosten {reference} declaratie {claim.pk}",
                   "endtoend_id": f"{reference}-{claim.pk}"[:35]}
        if claim.bic:
            payment["BIC"] = claim.bic
        sepa.add_payment(payment)
    return sepa.export(validate=True)


@transaction.atomic
def create_batch(*, by, execution_date: dt.date | None = None) -> ExportBatch:
    claims = list(export_queryset(
        ReimbursementClaim.objects.select_for_update(of=("self",)).filter(status=ReimbursementClaim.Status.APPROVED)
    ))
    if not claims:
        raise ExportError(_("Er zijn geen goedgekeurde declaraties om te exporteren."))
    now = timezone.now()
    reference = f"LOB-{timezone.localtime(now):%Y%m%d-%H%M%S}-{claims[0].pk}"
    batch = ExportBatch.objects.create(reference=reference, created_by=by, created_at=now, claim_count=len(claims),
                                       total_amount=sum((c.amount for c in claims), Decimal("0.00")))
    for claim in claims:
        apply_transition(claim, "export", by=by, batch=batch, reason=reference)
    text = io.StringIO()
    write_claims_csv(ReimbursementClaim.objects.filter(batch=batch), text)
    files = {
        "csv_file": (f"{reference}.csv", text.getvalue().encode("utf-8-sig")),
        "xlsx_file": (f"{reference}.xlsx", xlsx_bytes(claims)),
        "sepa_file": (f"{reference}.xml",
                      sepa_bytes(claims, reference, execution_date or timezone.localdate(now) + dt.timedelta(days=1))),
    }
    for field, (name, content) in files.items():
        getattr(batch, field).save(name, ContentFile(content), save=False)
        batch.checksums[field] = hashlib.sha256(content).hexdigest()
    batch.save()
    return batch


@transaction.atomic
def mark_paid(batch: ExportBatch, *, by) -> int:
    claims = list(batch.claims.select_for_update().filter(status=ReimbursementClaim.Status.EXPORTED))
    for claim in claims:
        apply_transition(claim, "mark_paid", by=by, reason=batch.reference)
    return len(claims)
