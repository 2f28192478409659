"""Every CSV and XLSX export neutralises formula-like text with one rule (lobmatch.spreadsheets.safe_cell): cells
starting with = + - @ | %, also after leading spaces or line breaks, and cells starting with a tab or carriage
return, get a leading apostrophe; numbers stay numbers."""

import csv
import io
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lobmatch.models import Role
from lobmatch.spreadsheets import FORMULA_PATTERN, safe_cell
from tests.factories import (
    MeetingFactory,
    PartnerApplicationFactory,
    ReimbursementClaimFactory,
    TrajectoryFactory,
    UserFactory,
    WorkingGroupMemberFactory,
    export_batch,
)
from trajectories.models import ReimbursementClaim
from trajectories.services import exports
from trajectories.services import meetings as meeting_service

pytestmark = pytest.mark.django_db

EVIL = ["=1+1", "\t=1+1", " =1+1", "  @SUM(A1)", "\n=1+1", "\r\n+1", "+1+1", "-1+1", "@SUM(A1)", "|cmd", "%0A",
        "\tplain", '=HYPERLINK("http://evil.example";"klik")']


def formula_like(text: str) -> bool:
    """What a spreadsheet could take for a formula, written independently of the code under test."""
    return text[:1] in ("\t", "\r") or text.lstrip(" \t\r\n")[:1] in tuple("=+-@|%")


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.parametrize("value", EVIL)
def test_safe_cell_neutralises_every_formula_start(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Stichting Gewoon", "", "a=b", "1-2", "Lid 1", "'al tekst", None, 0, -12.5,
                                   D("-12.50"), D("1320.00")])
def test_safe_cell_leaves_ordinary_text_and_every_number_alone(value):
    assert safe_cell(value) == value if value is None or isinstance(value, str) else safe_cell(value) is value


def test_claim_csv_of_the_school(client):
    trajectory = TrajectoryFactory()
    members = [WorkingGroupMemberFactory(application=trajectory.application, name=name, is_project_leader=(i == 0))
               for i, name in enumerate(EVIL[:6])]
    entry = meeting_service.LogEntry(status="held", attendance={m.pk: D("4") for m in members},
                                     school_leader_present=True, ambassador_present=True, notes="",
                                     agreed_actions="", progress=3)
    meeting_service.log_meeting(MeetingFactory(trajectory=trajectory, number=1), entry, by=trajectory.adviser.user)
    client.force_login(trajectory.application.created_by)
    text = client.get(reverse("trajectories:claim_csv", args=[trajectory.pk])).content.decode("utf-8-sig")
    table = rows(text)
    names = {row[1] for row in table[1:-2]}  # (the last two rows: the total and the status)
    assert names == {"'" + name for name in EVIL[:6]}
    assert not [cell for row in table for cell in row if formula_like(cell)]
    assert table[1][2:5] == ["4,00", "4,00", "220,00"] and table[-2][3:5] == ["24,00", "1320,00"]


@pytest.fixture
def evil_batch(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    for holder in EVIL:
        claim = ReimbursementClaimFactory(status="approved", amount=D("1234.50"), account_holder=holder)
        claim.trajectory.application.school.name = "\t=cmd|' /C calc'!A0"
        claim.trajectory.application.school.save()
    return export_batch(UserFactory(roles=[Role.FINANCE]))


HOLDER, SCHOOL, AMOUNT, HOURS = (exports.HEADER.index(name) for name in ("tenaamstelling", "school", "bedrag", "uren"))


def test_batch_csv(evil_batch):
    table = rows(evil_batch.csv_file.open("rb").read().decode("utf-8-sig"))
    holders = [row[HOLDER] for row in table[1:]]
    # a carriage return is dropped from batch cells (see exports._clean); what is left is neutralised
    assert sorted(holders) == sorted("'" + holder.replace("\r", "") for holder in EVIL)
    assert {row[SCHOOL] for row in table[1:]} == {"'\t=cmd|' /C calc'!A0"}
    assert not [cell for row in table for cell in row if formula_like(cell)]
    assert {row[AMOUNT] for row in table[1:]} == {"1234,50"}


def test_batch_xlsx_neutralises_text_and_keeps_numbers_numbers(evil_batch):
    sheet = load_workbook(io.BytesIO(evil_batch.xlsx_file.open("rb").read())).active
    claim_rows = list(sheet.iter_rows(min_row=2, max_row=1 + len(EVIL)))
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [c for c in cells if c.data_type == "f" or (isinstance(c.value, str) and formula_like(c.value))]
    # (XML reads a CR LF inside a text back as LF)
    expected = sorted("'" + holder.replace("\r\n", "\n") for holder in EVIL)
    assert sorted(row[HOLDER].value for row in claim_rows) == expected
    amounts = [row[AMOUNT] for row in claim_rows]
    hours = [row[HOURS] for row in claim_rows]
    assert all(c.data_type == "n" and c.value == 1234.5 for c in amounts)
    assert all(c.data_type == "n" for c in hours)


@pytest.mark.parametrize("holder", EVIL)
def test_both_batch_csv_writers_apply_the_same_rule(holder):
    """The batch CSV comes from PostgreSQL's COPY or from Python's csv: the same bytes for the evil values."""
    ReimbursementClaimFactory(status="approved", amount=D("1234.50"), account_holder=holder, bic="")
    fast, python = io.StringIO(), io.StringIO()
    exports.write_claims_csv(ReimbursementClaim.objects.all(), fast)
    exports._python_claims_csv(ReimbursementClaim.objects.all(), python)
    assert fast.getvalue() == python.getvalue()
    assert rows(python.getvalue())[1][HOLDER] == "'" + holder.replace("\r", "")


def test_the_copy_export_tests_the_first_character_of_every_formula_start():
    """The COPY export runs the pattern only on a text whose first character is one of FORMULA_FIRST: every
    character a match can start with must be among them (and each of them can start one)."""
    pattern = re.compile(FORMULA_PATTERN)
    starts = {chr(code) for code in range(0x110000) if pattern.match(chr(code) + "=")}
    assert starts == set(exports.FORMULA_FIRST)


def test_staff_csv_of_applications(client):
    app = PartnerApplicationFactory(status="submitted", project_leader_name="\t=1+1", project_leader_phone="+31 6 12",
                                    motivation=" =HYPERLINK(\"http://x\")", school_leader_name="@SUM(A1)")
    WorkingGroupMemberFactory(application=app, name="-2+3")
    client.force_login(UserFactory(roles=[Role.STAFF]))
    response = client.post("/admin/partners/partnerapplication/",
                           {"action": "export_csv", "_selected_action": [app.pk], "reason": ""})
    table = rows(response.content.decode("utf-8-sig"))
    row = dict(zip(table[0], table[1], strict=True))
    assert row["projectleider"] == "'\t=1+1" and row["telefoon projectleider"] == "'+31 6 12"
    assert row["motivatie"] == "' =HYPERLINK(\"http://x\")" and row["schoolleider"] == "'@SUM(A1)"
    assert row["werkgroep"].startswith("'-2+3")
    assert not [cell for line in table for cell in line if formula_like(cell)]
