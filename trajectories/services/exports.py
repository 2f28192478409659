"""Finance exports: approved claims → one immutable batch with CSV, XLSX and a SEPA pain.001 file.

A claim enters at most one batch: the approved claims are locked (SELECT … FOR UPDATE) and moved to 'exported' in
the same transaction, so a second export running at the same time waits and then finds none of them.

A transfer the bank sends back is recorded per claim (:func:`record_return`): the claim leaves the batch, the school
checks its account, and finance transfers the amount again by hand (:func:`record_repayment`). The batch's files stay
as written, a :class:`PaymentReturn` says which part of it was not paid and how it was paid after all, and the claim
never enters a second batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lobmatch.outbox import enqueue_email
from lobmatch.spreadsheets import FORMULA_PATTERN, csv_writer, safe_cell
from lobmatch.templatetags.lobmatch import format_money
from lobmatch.templatetags.lobmatch import iban as iban_groups
from lobmatch.workflow import apply_transition

from ..models import ExportBatch, PaymentReturn, ReimbursementClaim
from .accounts import account_problem

CENT = Decimal("0.01")
# A batch file has no status column: every claim in it was "in betaalbestand" when it was written, and the file stays
# as written while its transfers are paid or sent back (the batch page says what became of each).
HEADER = ["declaratie", "kenmerk", "school", "brin", "tranche", "tenaamstelling", "iban", "bic", "bedrag", "uren"]


def status_nl() -> dict[str, str]:
    """Finance reads the files in Dutch: the status as the screens show it, whatever the language of the exporter."""
    with translation.override("nl"):
        return {value: str(label) for value, label in ReimbursementClaim.Status.choices}


# Number formats of the XLSX cells (Excel shows them with the reader's separators: 1.234,50 in Dutch Excel).
MONEY_FORMAT = '"€" #,##0.00'
HOURS_FORMAT = "#,##0.00"


class DecimalComma(Decimal):
    """A number that the CSV writes with a decimal comma (csv writes ``str()`` of a non-text cell), as Dutch Excel
    reads it. Still a number, so :func:`lobmatch.spreadsheets.safe_cell` leaves it alone like every number."""

    def __str__(self):
        return format(Decimal(self), "f").replace(".", ",")


class ExportError(Exception):
    pass


def claim_row(claim: ReimbursementClaim) -> list:
    """One claim's cells; amount and hours are numbers (Decimal), never text. ``kenmerk`` is the transfer's reference
    in the payment file (what the bank statement quotes), empty for a claim in no batch."""
    school = claim.trajectory.application.school
    reference = end_to_end_id(claim.batch.reference, claim.pk) if claim.batch_id else ""
    return [claim.pk, reference, school.name, school.code, str(claim.trajectory.tranche), claim.account_holder, claim.iban,
            claim.bic, claim.amount.quantize(CENT), claim.counted_hours.quantize(CENT)]


def export_queryset(qs):
    return qs.select_related("trajectory__application__school", "trajectory__tranche").order_by("pk")


# The columns of the CSV where Python writes it (not PostgreSQL, which uses COPY): plain values, no model instances,
# streamed in chunks.
CSV_VALUES = (
    "pk", "batch__reference", "trajectory__application__school__name", "trajectory__application__school__brin",
    "trajectory__application__school__location_code", "trajectory__tranche_id", "account_holder", "iban", "bic",
    "amount", "counted_hours",
)


def write_claims_csv(queryset, fileobj, *, chunk_size: int = 5000) -> int:
    """Stream claims as CSV (formula injection neutralised by :func:`lobmatch.spreadsheets.safe_cell`) with
    constant memory. The same columns as :func:`claim_row`; returns the number of claims written.

    On PostgreSQL the rows are formatted by ``COPY … TO STDOUT`` straight into ``fileobj`` (the export of 100,000
    claims then costs little more than the COPY itself); elsewhere by Python's csv. Both give the same text, which a
    test checks on tricky values."""
    if connection.vendor == "postgresql":
        return _copy_claims_csv(queryset, fileobj)
    return _python_claims_csv(queryset, fileobj, chunk_size=chunk_size)


def _python_claims_csv(queryset, fileobj, *, chunk_size: int = 5000) -> int:
    from lobmatch.models import Tranche

    tranches = {t.pk: str(t) for t in Tranche.objects.all()}  # a handful; not one join per row
    writer = csv_writer(fileobj, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    rows = queryset.order_by("pk").values_list(*CSV_VALUES).iterator(chunk_size=chunk_size)
    count = 0

    def lines():
        nonlocal count
        for pk, reference, name, brin, location, tranche_id, holder, iban, bic, amount, hours in rows:
            count += 1
            yield pk, end_to_end_id(reference, pk) if reference else None, _clean(name), _clean(brin + location), _clean(tranches[tranche_id]), _clean(holder), \
                _clean(iban), _clean(bic), DecimalComma(amount.quantize(CENT)), DecimalComma(hours.quantize(CENT))

    writer.writerows(lines())
    return count


# FORMULA_PATTERN as a PostgreSQL E'' string (its lexer turns \t \r \n into the characters, as Python's re does),
# with % doubled for the driver's parameter substitution (mogrify).
_FORMULA_SQL = "E'" + FORMULA_PATTERN.replace("'", "''").replace("%", "%%") + "'"


# The characters a match of FORMULA_PATTERN can start with (whitespace, then = + - @ | %), as character codes.
FORMULA_FIRST = "\t\r\n -=+@|%"
_FORMULA_FIRST_SQL = ", ".join(str(ord(char)) for char in FORMULA_FIRST)


def _neutralised(column: str) -> str:
    """SQL for :func:`lobmatch.spreadsheets.safe_cell`: a formula-like text gets a leading apostrophe; carriage
    returns are dropped first (see :func:`_clean`); an empty text becomes NULL, which COPY writes as an empty field
    (as csv does). The first character is tested before the regular expression, which copies the whole text: most
    names start with a letter, and the expression took a third of the time of exporting 100,000 claims."""
    value = f"replace({column}, E'\\r', '')"
    formula_like = f"ascii({value}) IN ({_FORMULA_FIRST_SQL}) AND {value} ~ {_FORMULA_SQL}"
    return f"NULLIF(CASE WHEN {formula_like} THEN '''' || {value} ELSE {value} END, '')"


def _clean(value):
    """Drop carriage returns from text: Python's csv writes a bare CR unquoted, which spreadsheets read as a new row
    (where a formula could start); names and account holders never need one."""
    return value.replace("\r", "") if isinstance(value, str) else value


def _copy_claims_csv(queryset, fileobj) -> int:
    ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    columns = [
        ("c.id", "declaratie"), (f"left(b.reference || '-' || c.id, {END_TO_END_MAX})", "kenmerk"),
        (_neutralised("s.name"), "school"),
        (_neutralised("s.brin || s.location_code"), "brin"), (_neutralised("tr.name"), "tranche"),
        (_neutralised("c.account_holder"), "tenaamstelling"), (_neutralised("c.iban"), "iban"),
        (_neutralised("c.bic"), "bic"), ("replace(to_char(c.amount, 'FM9999999990.00'), '.', ',')", "bedrag"),
        ("replace(to_char(c.counted_hours, 'FM99999990.00'), '.', ',')", "uren"),
    ]
    select = ", ".join(f'{sql} AS "{alias}"' for sql, alias in columns)
    sql = (
        f"SELECT {select} FROM trajectories_reimbursementclaim c "  # noqa: S608 - constants; values via mogrify
        "JOIN trajectories_trajectory t ON t.id = c.trajectory_id "
        "JOIN lobmatch_tranche tr ON tr.id = t.tranche_id "
        "JOIN partners_partnerapplication a ON a.id = t.application_id "
        "JOIN lobmatch_school s ON s.id = a.school_id "
        "LEFT JOIN trajectories_exportbatch b ON b.id = c.batch_id "
        f"WHERE c.id IN ({ids_sql}) ORDER BY c.id"
    )
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        query = cursor.mogrify(sql, ids_params).decode()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';')", fileobj)
        return cursor.rowcount


def xlsx_bytes(claims: list[ReimbursementClaim]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Declaraties")
    formats = {HEADER.index("bedrag"): MONEY_FORMAT, HEADER.index("uren"): HOURS_FORMAT}
    totals = {column: Decimal("0.00") for column in formats}
    rows = [claim_row(claim) for claim in claims]
    # Each column as wide as its longest value (a write-only sheet takes widths before its rows). Left at the
    # default, the amounts showed as "###" and the references, schools and IBANs were cut off.
    for column, title in enumerate(HEADER):
        longest = max([len(title), *(len(str(row[column])) + (4 if column in formats else 0) for row in rows)])
        sheet.column_dimensions[get_column_letter(column + 1)].width = min(longest + 2, 60)
    sheet.append(HEADER)
    for values in rows:
        row = []
        for column, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if column in formats:
                cell.number_format = formats[column]
                totals[column] += value
            row.append(cell)
        sheet.append(row)
    # The file's total under the rows, as the batch's page and the SEPA file have it (a number, not a formula).
    bold = Font(bold=True)
    last = [WriteOnlyCell(sheet, value="Totaal" if column == 0 else totals.get(column)) for column in range(len(HEADER))]
    for column, cell in enumerate(last):
        cell.font = bold
        if column in formats:
            cell.number_format = formats[column]
    sheet.append([])
    sheet.append(last)
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


END_TO_END_MAX = 35  # SEPA's limit


def end_to_end_id(reference: str, claim_pk: int) -> str:
    """The transfer's EndToEndId in the SEPA file: what the bank quotes when it sends a transfer back."""
    return f"{reference}-{claim_pk}"[:END_TO_END_MAX]


def sepa_bytes(claims: list[ReimbursementClaim], reference: str, execution_date: dt.date) -> bytes:
    from sepaxml import SepaTransfer

    sepa = SepaTransfer({"name": settings.LOBMATCH_DEBTOR_NAME, "IBAN": settings.LOBMATCH_DEBTOR_IBAN,
                         "BIC": settings.LOBMATCH_DEBTOR_BIC, "batch": True, "currency": "EUR"},
                        clean=True)
    for claim in claims:
        payment = {"name": claim.account_holder or claim.trajectory.application.school.name, "IBAN": claim.iban,
                   "amount": int((claim.amount * 100).to_integral_value()), "execution_date": execution_date,
                   "description": f"LOB Ambassadeurs verletkosten {reference} declaratie {claim.pk}",
                   "endtoend_id": end_to_end_id(reference, claim.pk)}
        if claim.bic:
            payment["BIC"] = claim.bic
        sepa.add_payment(payment)
    return sepa.export(validate=True)


def exportable_claims():
    """The approved claims the next batch pays (an approved claim corrected to nothing has nothing to pay and stays
    out of every batch)."""
    return export_queryset(ReimbursementClaim.objects.filter(status=ReimbursementClaim.Status.APPROVED, amount__gt=0))


@dataclass(frozen=True)
class BatchPreview:
    """What "Betaalbestand maken" would pay, shown before finance confirms: the confirmation sends ``claim_ids``,
    ``held_ids`` and ``total`` back, and :func:`create_batch` refuses when the set changed meanwhile. ``held_back``
    are approved claims finance keeps out of this file (an account to check with the school first): they stay
    approved, and the next preview has them again."""

    claims: list[ReimbursementClaim]
    total: Decimal
    held_back: list[ReimbursementClaim] = field(default_factory=list)

    @property
    def claim_ids(self) -> list[int]:
        return [claim.pk for claim in self.claims]

    @property
    def held_ids(self) -> list[int]:
        return [claim.pk for claim in self.held_back]


class AlreadyInBatch(ExportError):
    """The claims confirmed for a new batch are in ``batch`` already: made a moment ago, from this preview."""

    def __init__(self, batch: ExportBatch):
        self.batch = batch
        super().__init__(_("Dit betaalbestand is al gemaakt: %(ref)s, met deze declaraties.") % {"ref": batch.reference})


def batch_reference(now: dt.datetime) -> str:
    """A new batch's reference: when it was made (Amsterdam time), "LOB-20261207-143005". Its transfers add their
    claim's number ("…-143005-12"), so no other number stands in it for a clerk to mistake for a claim's. Batches are
    made one at a time (``create_batch`` locks the approved claims); one made within the same second gets "-2"."""
    base = f"LOB-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    taken = set(ExportBatch.objects.filter(reference__startswith=base).values_list("reference", flat=True))
    return next(ref for ref in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 2))) if ref not in taken)


def preview_batch(*, held_back=()) -> BatchPreview:
    """The next batch: every approved claim with something to pay, except ``held_back`` (ids; one that is no longer
    approved is simply not there)."""
    held = set(held_back)
    claims, kept = [], []
    for claim in exportable_claims():
        (kept if claim.pk in held else claims).append(claim)
    return BatchPreview(claims, sum((c.amount for c in claims), Decimal("0.00")), kept)


@transaction.atomic
def create_batch(*, by, claim_ids, total: Decimal, held_ids=(), execution_date: dt.date | None = None) -> ExportBatch:
    """Write the batch that finance previewed and confirmed: ``claim_ids`` and ``total`` as shown in the preview,
    ``held_ids`` the approved claims finance kept out of it. When a claim was approved, corrected or exported
    meanwhile, nothing is written and finance sees the new preview."""
    held = set(held_ids)
    exportable = list(exportable_claims().select_for_update(of=("self",)))
    claims = [claim for claim in exportable if claim.pk not in held]
    if not claims or sorted(c.pk for c in claims) != sorted(claim_ids):
        # Confirmed a second time (another tab, a double click): the claims of the preview are in a batch already.
        batches = set(ReimbursementClaim.objects.filter(pk__in=claim_ids).values_list("batch_id", flat=True))
        if claim_ids and len(batches) == 1 and None not in batches:
            raise AlreadyInBatch(ExportBatch.objects.get(pk=batches.pop()))
    if not exportable:
        raise ExportError(_("Er zijn geen goedgekeurde declaraties om te exporteren."))
    if not claims and not claim_ids:
        raise ExportError(_("U houdt alle declaraties tegen; er is niets om te betalen. Neem er minstens één mee."))
    if (sorted(c.pk for c in claims) != sorted(claim_ids) or not held <= {c.pk for c in exportable}
            or sum((c.amount for c in claims), Decimal("0.00")) != total):
        raise ExportError(_("De goedgekeurde declaraties zijn veranderd sinds het voorbeeld (nu %(n)s, samen "
                            "%(amount)s). Controleer het nieuwe voorbeeld en bevestig opnieuw.")
                          % {"n": len(claims), "amount": format_money(sum((c.amount for c in claims), Decimal("0")))})
    refused = [(claim, problem) for claim in claims if (problem := account_problem(claim.iban, claim.account_holder))]
    if refused:
        # The files are frozen and the bank refuses an account that fails its check: the claim is held back first.
        claim, problem = refused[0]
        raise ExportError(_("Declaratie %(number)s (%(school)s) kan niet worden betaald naar %(iban)s: %(problem)s "
                            "Houd de declaratie tegen en vraag de school om de juiste rekening.")
                          % {"number": claim.pk, "school": claim.trajectory.application.school.name,
                             "iban": iban_groups(claim.iban), "problem": problem})
    now = timezone.now()
    reference = batch_reference(now)
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
    for file_field, (name, content) in files.items():
        getattr(batch, file_field).save(name, ContentFile(content), save=False)
        batch.checksums[file_field] = hashlib.sha256(content).hexdigest()
    batch.save()
    return batch


class PaymentDateError(ExportError):
    """A payment date finance gave that cannot be (the form shows it at the date field)."""


def check_repaid_on(payment_return: PaymentReturn, paid_on: dt.date | None) -> dt.date:
    """The day finance transferred a returned amount again: between the return's recording and today."""
    if paid_on is None:
        raise PaymentDateError(_("Vul de datum van de nieuwe overboeking in."))
    returned_on = timezone.localdate(payment_return.recorded_at)
    if paid_on > timezone.localdate():
        raise PaymentDateError(_("Deze datum ligt in de toekomst. Leg de overboeking vast zodra ze is gedaan."))
    if paid_on < returned_on:
        raise PaymentDateError(_("Deze datum ligt vóór %(day)s, de dag waarop de terugboeking is vastgelegd.")
                               % {"day": date_format(returned_on, "SHORT_DATE_FORMAT")})
    return paid_on


def paid_on_bounds(batch: ExportBatch, returns: list[PaymentReturn] | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day the bank can have carried out ``batch`` (Amsterdam time): from the day it was made to
    today, and not after the day finance recorded the first transfer of it that the bank sent back (the bank sends
    back only what it carried out). The batch page offers these days (``returns``: the batch's, which it has read
    already); :func:`check_paid_on` holds to them."""
    latest = timezone.localdate()
    if returns is None:
        first_return = batch.returns.order_by("recorded_at").values_list("recorded_at", flat=True).first()
    else:
        first_return = min((r.recorded_at for r in returns), default=None)
    if first_return is not None:
        latest = min(latest, timezone.localdate(first_return))
    return timezone.localdate(batch.created_at), latest


def check_paid_on(batch: ExportBatch, paid_on: dt.date | None) -> dt.date:
    """The payment date finance gives: a day of :func:`paid_on_bounds`."""
    if paid_on is None:
        raise PaymentDateError(_("Vul de datum in waarop de bank het bestand heeft uitgevoerd."))
    made_on, latest = paid_on_bounds(batch)
    if paid_on > timezone.localdate():
        raise PaymentDateError(_("De betaaldatum ligt in de toekomst. Markeer het bestand als betaald zodra de bank het "
                            "heeft uitgevoerd."))
    if paid_on < made_on:
        raise PaymentDateError(_("De betaaldatum ligt vóór %(day)s, de dag waarop dit betaalbestand is gemaakt.")
                          % {"day": date_format(made_on, "SHORT_DATE_FORMAT")})
    if paid_on > latest:
        raise PaymentDateError(_("De betaaldatum ligt na %(day)s, de dag waarop u een terugboeking van dit bestand "
                                 "vastlegde: de bank voerde het bestand dus eerder uit.")
                               % {"day": date_format(latest, "SHORT_DATE_FORMAT")})
    return paid_on


def check_mark_paid(batch: ExportBatch, paid_on: dt.date | None) -> dt.date:
    """Everything :func:`mark_paid` checks, without saving anything: the batch page asks finance to confirm only a
    date that can be recorded (an ExportError says why it cannot)."""
    paid_on = check_paid_on(batch, paid_on)
    if batch.paid_on is not None:
        raise ExportError(_("Dit betaalbestand is al als betaald gemarkeerd, op %(day)s.")
                          % {"day": date_format(batch.paid_on, "SHORT_DATE_FORMAT")})
    return paid_on


@transaction.atomic
def mark_paid(batch: ExportBatch, *, by, paid_on: dt.date) -> int:
    """The bank carried out ``batch`` on ``paid_on``: the batch keeps that date and every transfer still in it is
    paid on it; returns how many. A transfer the bank sent back stays returned, also when finance recorded the
    return first: the batch gets its date all the same, even when every transfer came back, so the order in which
    finance records the bank's news makes no difference. Once per batch (another tab's second date is refused)."""
    # no_key: a return recorded meanwhile inserts a PaymentReturn that names this batch (a key-share lock on it);
    # a plain FOR UPDATE here and that return's claim lock waited on each other.
    locked = ExportBatch.objects.select_for_update(no_key=True).get(pk=batch.pk)
    paid_on = check_mark_paid(locked, paid_on)
    claims = list(locked.claims.select_for_update().filter(status=ReimbursementClaim.Status.EXPORTED))
    ExportBatch.objects.filter(pk=batch.pk).update(paid_on=paid_on)
    batch.paid_on = paid_on
    for claim in claims:
        apply_transition(claim, "mark_paid", by=by, paid_on=paid_on,
                         reason=_("%(ref)s, betaald op %(day)s") % {"ref": batch.reference,
                                                                   "day": paid_on.strftime("%d-%m-%Y")})
    return len(claims)


NOTE_MAX = PaymentReturn._meta.get_field("reason").max_length  # (repaid_note has the same)


def _one_line(text: str, required_message: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ExportError(required_message)
    if len(text) > NOTE_MAX:
        raise ExportError(_("De tekst is te lang (hoogstens %(n)s tekens).") % {"n": NOTE_MAX})
    return text


@transaction.atomic
def record_return(claim: ReimbursementClaim, *, batch: ExportBatch, reason: str, by) -> PaymentReturn:
    """The bank sent the transfer of ``claim`` in ``batch`` back, before or after the batch was marked paid.

    The claim becomes 'teruggeboekt' (its amount stays approved, its logs locked); the school is mailed the reason
    and asked to check its account on the claim page."""
    reason = _one_line(reason, _("Geef de reden van de terugboeking op, zoals de bank die meldt."))
    claim = ReimbursementClaim.objects.select_for_update(of=("self",)).select_related(
        "trajectory__application__created_by", "trajectory__application__school").get(pk=claim.pk)
    if claim.batch_id != batch.pk or claim.status not in (ReimbursementClaim.Status.EXPORTED,
                                                          ReimbursementClaim.Status.PAID):
        raise ExportError(_("Deze declaratie staat niet (meer) in betaalbestand %(ref)s; de terugboeking is al "
                            "vastgelegd of de declaratie is nooit in dit bestand betaald.") % {"ref": batch.reference})
    returned = PaymentReturn.objects.create(claim=claim, batch=batch, amount=claim.amount, iban=claim.iban,
                                            account_holder=claim.account_holder, reason=reason, recorded_by=by)
    claim._history_user = by  # (the decision stays as taken; the return has its own record)
    apply_transition(claim, "record_return", by=by, reason=f"{batch.reference}: {reason}")
    application = claim.trajectory.application
    enqueue_email(
        to=[application.created_by.email], template="claim_returned",
        context={"school": application.school.name, "amount_money": str(returned.amount), "return_reason": reason,
                 "number": claim.pk,
                 "url": reverse("trajectories:claim_detail", args=[claim.trajectory_id])},
        dedupe_key=f"claim-returned:{returned.pk}",
        reason=gettext_noop("u namens uw school een declaratie verletkosten hebt ingediend"),
    )
    return returned


@transaction.atomic
def record_repayment(payment_return: PaymentReturn, *, note: str, iban: str, by,
                     paid_on: dt.date | None = None) -> PaymentReturn:
    """Finance transferred a returned amount again, by hand, to ``iban`` on ``paid_on`` (today when not given; not
    in the future, not before the return was recorded): the account it saw on the claim, which the record names.
    That may be an account the school gave after the return and changed again since (finance paid what it saw, and
    the caller says the school changed it); never the account the bank sent the money back from, unless the school
    gave that one again. The claim's payment date becomes ``paid_on``: the school sees when the money went."""
    note = _one_line(note, _("Geef het kenmerk van de nieuwe overboeking op."))
    payment_return = PaymentReturn.objects.select_for_update().get(pk=payment_return.pk)
    paid_on = check_repaid_on(payment_return, paid_on or timezone.localdate())
    claim = ReimbursementClaim.objects.select_for_update().get(pk=payment_return.claim_id)
    if payment_return.repaid_at is not None or claim.status != ReimbursementClaim.Status.RETURNED:
        raise ExportError(_("Deze terugboeking is al opnieuw overgemaakt."))
    paid_to = "".join(iban.split()).upper()
    given = {claim.iban} | (set(claim.history.filter(history_date__gte=payment_return.recorded_at)
                                .values_list("iban", flat=True)) - {payment_return.iban})
    if paid_to not in given:
        raise ExportError(_("De school heeft de rekening intussen gewijzigd, nu %(iban)s (%(holder)s). Controleer naar "
                            "welke rekening u het bedrag hebt overgemaakt.")
                          % {"iban": iban_groups(claim.iban), "holder": claim.account_holder})
    payment_return.repaid_iban, payment_return.repaid_note = paid_to, note
    payment_return.repaid_by, payment_return.repaid_at = by, timezone.now()
    payment_return.save(update_fields=["repaid_iban", "repaid_note", "repaid_by", "repaid_at"])
    claim._history_user = by
    # (the account is on the PaymentReturn, where retention masks it; the status log keeps no IBAN)
    apply_transition(claim, "repay", by=by, paid_on=paid_on,
                     reason=f"{payment_return.batch.reference}: opnieuw overgemaakt op {paid_on:%d-%m-%Y} – {note}")
    return payment_return
