"""What finance reads: counts with the right plural form (Dutch and English), an XLSX whose amounts and hours are
numbers with number formats, and a CSV that Dutch Excel opens as it is (semicolons, decimal comma, Dutch status)."""

import csv
import io
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from lobmatch.models import Role
from tests.factories import ReimbursementClaimFactory, UserFactory, export_batch
from trajectories.models import ReimbursementClaim
from trajectories.services import exports

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    return UserFactory(roles=[Role.FINANCE])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def approved(amount="1320.00", hours="70.5"):
    return ReimbursementClaimFactory(status="approved", amount=D(amount), counted_hours=D(hours))


@pytest.mark.parametrize(("language", "one", "two"), [
    ("nl", ("1 goedgekeurde declaratie (", "1 declaratie, totaal", "1 overboeking, samen"),
           ("2 goedgekeurde declaraties (samen", "2 declaraties, totaal", "2 overboekingen, samen")),
    ("en", ("1 approved claim (", "1 claim, total", "1 transfer, "),
           ("2 approved claims (totalling", "2 claims, total", "2 transfers, together")),
])
def test_finance_counts_use_the_plural_form_that_fits(client, finance, language, one, two):
    client.force_login(finance)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for n, (pending, listed, in_file) in ((1, one), (2, two)):
        ReimbursementClaim.objects.all().delete()
        for _ in range(n):
            approved()
        assert pending in client.get(reverse("trajectories:finance_batch_list")).content.decode()
        assert listed in client.get(reverse("trajectories:finance_claims"), {"status": "all"}).content.decode()
        batch = export_batch(finance)
        assert in_file in client.get(batch.get_absolute_url()).content.decode()
        ReimbursementClaim.objects.all().update(batch=None)


def test_the_batch_xlsx_holds_numbers_with_dutch_number_formats(finance):
    approved("1320.00", "70.5")
    batch = export_batch(finance)
    sheet = load_workbook(io.BytesIO(batch.xlsx_file.open("rb").read())).active
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    amount, hours = row[header.index("bedrag")], row[header.index("uren")]
    assert amount.data_type == "n" and amount.value == 1320 and "€" in amount.number_format
    assert "#,##0.00" in amount.number_format
    assert hours.data_type == "n" and hours.value == 70.5 and hours.number_format == "#,##0.00"
    assert "status" not in header
    # every column wide enough for its values: at the default width the amounts showed as "###"
    from openpyxl.utils import get_column_letter

    for column, title in enumerate(header):
        width = sheet.column_dimensions[get_column_letter(column + 1)].width
        longest = max(len(str(cell.value)) for cell in sheet[get_column_letter(column + 1)] if cell.value is not None)
        assert width >= longest + 2, title
    assert sheet.column_dimensions[get_column_letter(header.index("bedrag") + 1)].width >= len("€ 1.320,00") + 2


def test_the_batch_csv_opens_in_dutch_excel(finance):
    approved("1234.50", "70.5")
    batch = export_batch(finance)
    raw = batch.csv_file.open("rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, row = table[0], table[1]
    assert row[header.index("bedrag")] == "1234,50" and row[header.index("uren")] == "70,50"
    assert header == exports.HEADER


def test_the_batch_files_give_each_transfer_the_reference_of_the_sepa_file_and_the_xlsx_its_total(finance):
    """Finance matches a line of the bank statement to a claim by the reference the SEPA file gave the transfer."""
    first, second = approved("1320.00", "70.5"), approved("99.95", "4")
    batch = export_batch(finance)
    sepa = batch.sepa_file.open("rb").read().decode()
    expected = {first.pk: exports.end_to_end_id(batch.reference, first.pk),
                second.pk: exports.end_to_end_id(batch.reference, second.pk)}
    assert all(f"<EndToEndId>{reference}</EndToEndId>" in sepa for reference in expected.values())
    table = list(csv.reader(io.StringIO(batch.csv_file.open("rb").read().decode("utf-8-sig"), newline=""),
                            delimiter=";"))
    header = table[0]
    assert {int(row[0]): row[header.index("kenmerk")] for row in table[1:]} == expected
    sheet = load_workbook(io.BytesIO(batch.xlsx_file.open("rb").read())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert {row[0]: row[header.index("kenmerk")] for row in values[1:3]} == expected
    assert values[3] == [None] * len(header) or not any(values[3])  # a blank line before the total
    total = values[4]
    assert total[0] == "Totaal" and total[header.index("bedrag")] == pytest.approx(1419.95)
    assert total[header.index("uren")] == pytest.approx(74.5) and len(values) == 5


def test_both_csv_writers_give_the_same_transfer_reference(finance):
    approved()
    export_batch(finance)
    approved()  # in no batch: no reference
    fast, python = io.StringIO(), io.StringIO()
    exports.write_claims_csv(ReimbursementClaim.objects.all(), fast)
    exports._python_claims_csv(ReimbursementClaim.objects.all(), python)
    assert fast.getvalue() == python.getvalue()
    references = [row[1] for row in csv.reader(io.StringIO(python.getvalue()), delimiter=";")][1:]
    assert references[0].startswith("LOB-") and references[1] == ""


def test_the_batch_files_have_decimal_commas_and_no_status_that_goes_stale(finance):
    """Every claim in a batch file was 'in betaalbestand' when it was written and the file stays as written, so a
    status column would say so still after the transfers were paid or sent back: the files have none."""
    for _ in range(2):
        approved()
    batch = export_batch(finance)
    assert "status" not in exports.HEADER
    fast, python = io.StringIO(), io.StringIO()
    exports.write_claims_csv(ReimbursementClaim.objects.all(), fast)
    exports._python_claims_csv(ReimbursementClaim.objects.all(), python)
    assert fast.getvalue() == python.getvalue()
    rows = list(csv.reader(io.StringIO(python.getvalue()), delimiter=";"))
    assert rows[0] == exports.HEADER and all(len(row) == len(exports.HEADER) for row in rows)
    assert "in betaalbestand" not in python.getvalue()
    assert all(row[exports.HEADER.index("bedrag")].count(",") == 1 for row in rows[1:])
    sheet = load_workbook(io.BytesIO(batch.xlsx_file.read())).active
    assert [cell.value for cell in next(sheet.iter_rows(max_row=1))] == exports.HEADER


def test_no_checksum_jargon_in_view_but_the_checksum_in_the_technical_details(client, finance):
    approved()
    batch = export_batch(finance)
    client.force_login(finance)
    listing = client.get(reverse("trajectories:finance_batch_list")).content.decode()
    assert "SHA" not in listing
    page = client.get(batch.get_absolute_url()).content.decode()
    details = page[page.index("<details"):page.index("</details>")]
    assert "Technische gegevens" in details and batch.checksums["csv_file"] in details
    assert "SHA" not in page.replace(details, "")
