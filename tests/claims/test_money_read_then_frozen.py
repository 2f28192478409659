"""The claim's money is computed from the logs when it is read and frozen, with its lines, when finance approves:
logging a meeting or reading a claim never writes the claim, and the meetings never call the claims."""

import ast
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.claims.helpers import IBAN, log, trajectory_with_group
from tests.factories import MeetingFactory, UserFactory, approve_claim
from trajectories import documents
from trajectories.models import Attendance, ReimbursementClaim
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db


def logged(n_members=3, hours="4"):
    trajectory, members = trajectory_with_group(n_members)
    session = MeetingFactory(trajectory=trajectory, number=1)
    log(session, {m.pk: D(hours) for m in members})
    return trajectory, members, session


def test_logging_a_session_does_not_write_the_claim():
    trajectory, members, session = logged()
    claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN, account_holder="X",
                                       by=trajectory.application.created_by)
    versions = claim.history.count()
    log(session, {m.pk: D("2") for m in members})
    assert claim.history.count() == versions  # nothing saved on the claim...
    assert claim_service.money(claim)[1].amount == D("330.00")  # ...and still it is read as the logs say now


def test_finance_sees_the_submitted_amount_next_to_what_the_logs_give_now(client):
    trajectory, members, session = logged()
    claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN, account_holder="X",
                                       by=trajectory.application.created_by)
    log(session, {m.pk: D("2") for m in members})
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    assert "Volgens de verslagen van nu is het bedrag € 330,00; de declaratie staat op € 660,00." in page
    assert "€ 330,00 goedkeuren" in page and 'name="amount" value="330.00"' in page
    assert claim_service.decide(claim, approve=True, reason="", by=UserFactory(roles=[Role.FINANCE]),
                                amount=D("330.00")).amount == D("330.00")


def test_the_queue_marks_a_claim_whose_sessions_were_logged_again_after_it_went_in(client):
    trajectory, members, session = logged()
    other, other_members, _other_session = logged()
    for t in (trajectory, other):
        claim_service.submit_claim(claim_service.ensure_claim(t), iban=IBAN, account_holder="X",
                                   by=t.application.created_by)
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    queue = reverse("trajectories:finance_claims")
    assert "verslag gewijzigd na indienen" not in client.get(queue).content.decode()
    log(session, {m.pk: D("2") for m in members})
    page = client.get(queue).content.decode()
    assert page.count("verslag gewijzigd na indienen") == 1
    row = page[page.index(trajectory.application.school.name):]
    assert "verslag gewijzigd na indienen" in row[:row.index("</tr>")]


def test_reading_a_draft_writes_nothing_and_shows_the_logs(client):
    trajectory, members, _session = logged()
    client.force_login(trajectory.application.created_by)
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    csv = client.get(reverse("trajectories:claim_csv", args=[trajectory.pk])).content.decode("utf-8-sig")
    assert "<strong>€\u00a0660,00</strong>" in page and "totaal;;;12,00;660,00" in csv
    claim = ReimbursementClaim.objects.get(trajectory=trajectory)
    assert (claim.amount, claim.lines, claim.history.count()) == (D("0.00"), [], 1)  # only its creation


def test_approval_freezes_the_amount_and_the_lines_the_statement_and_csv_print(client):
    trajectory, members, session = logged(hours="4")
    claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN, account_holder="X",
                                       by=trajectory.application.created_by)
    finance = UserFactory(roles=[Role.FINANCE])
    claim = approve_claim(claim, finance)
    frozen = ReimbursementClaim.objects.get(pk=claim.pk)
    assert frozen.amount == D("660.00") and {line["hours"] for line in frozen.lines} == {"4.00"}
    # A log that changes afterwards (past the services, as a restored backup would) does not move the money.
    Attendance.objects.filter(meeting=session).update(hours_present=D("1"))
    rules, money = claim_service.money(frozen)
    assert money.amount == D("660.00") and [line.hours for line in money.lines] == [D("4")] * 3
    data = documents.claim_statement_data(frozen)
    assert data["amount"] == D("660.00") and [row["hours"] for row in data["sessions"][0]["lines"]] == [D("4")] * 3
    client.force_login(finance)
    csv = client.get(reverse("trajectories:claim_csv", args=[trajectory.pk])).content.decode("utf-8-sig")
    assert "totaal;;;12,00;660,00" in csv
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    assert "Volgens de verslagen van nu is het bedrag €\u00a0165,00; de declaratie staat op €\u00a0660,00." in page


def test_the_meetings_service_does_not_call_the_claims():
    """One direction: the claims read the meetings (and correct them for finance); the meetings never import the
    claims service, at module level or inside a function."""
    source = Path(__file__).resolve().parents[2] / "trajectories" / "services" / "meetings.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.ImportFrom):
            imported.add((node.module or "") + ":" + ",".join(alias.name for alias in node.names))
    assert imported and not [name for name in imported if "claims" in name], imported
