"""Issue 7: the claim (computed from the logs, submitted with a checked IBAN), finance's queue and decisions, and the
immutable export batches (CSV, XLSX, SEPA) that never share a claim."""

import hashlib
import io
import re
from decimal import Decimal as D

import pytest
from django.contrib.admin.sites import site
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import OutboxMessage, Role, StatusChange
from tests.claims.helpers import IBAN, approved_two_member_claim, held_entry, log, trajectory_with_group
from tests.concurrency import race
from tests.factories import (
    MeetingFactory,
    ReimbursementClaimFactory,
    TrajectoryFactory,
    UserFactory,
    export_batch,
)
from tests.questions import post_and_confirm
from trajectories.models import ExportBatch, Meeting, ReimbursementClaim
from trajectories.services import claims as claim_service
from trajectories.services import exports
from trajectories.services import meetings as meeting_service

pytestmark = pytest.mark.django_db


def computed(trajectory):
    """The claim's money as every page shows it before approval: computed from the logs when it is read."""
    return claim_service.money(claim_service.ensure_claim(trajectory))[1]


@pytest.fixture
def finance():
    return UserFactory(roles=[Role.FINANCE])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


class TestCalculationFromTheLogs:
    def test_seven_members_at_four_and_a_half_hours_give_the_seed_cap(self):
        trajectory, members = trajectory_with_group(7)
        meeting_service.ensure_meetings(trajectory)
        log(trajectory.meetings.get(kind=Meeting.Kind.KICKOFF), {m.pk: D("4") for m in members})
        log(trajectory.meetings.get(kind=Meeting.Kind.CLOSING), {m.pk: D("2") for m in members})
        for session in trajectory.meetings.filter(kind=Meeting.Kind.SESSION):
            log(session, {m.pk: D("4.5") for m in members})
        claim, calc = claim_service.ensure_claim(trajectory), computed(trajectory)
        assert calc.amount == D("3960.00") == claim.cap_amount == trajectory.tranche.max_claim_amount
        assert calc.counted_hours == D("72")
        assert len([line for line in calc.lines if not line.reimbursed]) == 3
        assert {line.session for line in calc.lines} == {1, 2, 3}  # kickoff and closing never appear

    def test_kickoff_hours_alone_give_nothing(self):
        trajectory, members = trajectory_with_group(6)
        meeting_service.ensure_meetings(trajectory)
        log(trajectory.meetings.get(kind=Meeting.Kind.KICKOFF), {m.pk: D("4") for m in members})
        assert computed(trajectory).amount == D("0.00")

    def test_cancelled_session_drops_out(self):
        trajectory, members = trajectory_with_group(6)
        meeting_service.ensure_meetings(trajectory)
        one, two = trajectory.meetings.filter(kind="session").order_by("number")[:2]
        log(one, {m.pk: D("4") for m in members})
        log(two, {m.pk: D("4") for m in members})
        assert computed(trajectory).amount == D("2640.00")
        log(two, {m.pk: D("4") for m in members}, status="cancelled")
        assert computed(trajectory).amount == D("1320.00")

    def test_the_database_refuses_an_amount_above_the_cap(self):
        claim = ReimbursementClaimFactory(amount=D("3960.00"))
        claim.amount = D("3960.01")
        with pytest.raises(IntegrityError), transaction.atomic():
            claim.save()

    def test_every_money_change_is_in_the_history(self, finance):
        """The amount is saved when the school submits, frozen when finance approves and changed only by finance's
        correction of a log, with its reason; each of these is in the claim's history."""
        trajectory, members, session = approved_two_member_claim(finance)
        claim_service.correct_meeting(session, held_entry(members, "3"), by=finance, reason="presentielijst")
        amounts = list(ReimbursementClaim.objects.get(trajectory=trajectory).history.values_list("amount", flat=True))
        assert amounts[:2] == [D("330.00"), D("440.00")]


class TestSubmit:
    def setup_claim(self, n=3, hours="4"):
        trajectory, members = trajectory_with_group(n)
        log(MeetingFactory(trajectory=trajectory, number=1), {m.pk: D(hours) for m in members})
        return trajectory

    @pytest.mark.parametrize("iban", ["NL00BANK0123456789", "NL91ABNA0417164301", "12345", "DE00"])
    def test_invalid_iban_refused_in_dutch_and_nothing_lost(self, client, iban):
        trajectory = self.setup_claim()
        client.force_login(trajectory.application.created_by)
        response = client.post(reverse("trajectories:claim_submit", args=[trajectory.pk]),
                               {"iban": iban, "account_holder": "Stichting X"})
        page = response.content.decode()
        assert response.status_code == 200 and "Dit IBAN klopt niet" in page
        assert f'value="{iban}"' in page and 'value="Stichting X"' in page
        assert ReimbursementClaim.objects.get(trajectory=trajectory).status == "draft"
        # shown again but not saved: leaving the page asks first (the typed IBAN was lost without a word)
        assert 'data-keeps-edits data-unsaved>' in page
        # The form sits below the long calculation and the page opens at the top: the error is said there first,
        # focused (one summary), with a link to the field.
        summary = re.search(r'<div class="alert alert-danger" role="alert" id="error-summary" tabindex="-1">(.*?)</div>',
                            page, re.S)
        assert page.count('id="error-summary"') == 1 and page.index('id="error-summary"') < page.index("<table")
        assert summary and '<a href="#id_iban">IBAN: Dit IBAN klopt niet' in summary.group(1)
        # the message offers no account number that would pass the check (one was copied over a typo)
        for number in re.findall(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4})+", page.replace(iban, "")):
            with pytest.raises(claim_service.ClaimError):
                claim_service.validate_iban(number)

    def test_valid_iban_submits_with_the_computed_amount(self, client):
        trajectory = self.setup_claim()
        client.force_login(trajectory.application.created_by)
        response = post_and_confirm(client, reverse("trajectories:claim_submit", args=[trajectory.pk]),
                                    {"iban": IBAN, "account_holder": "Stichting X", "amount": "99999"})
        assert response.status_code == 302
        claim = ReimbursementClaim.objects.get(trajectory=trajectory)
        assert claim.status == "submitted" and claim.iban == "NL91ABNA0417164300" and claim.bic == "ABNANL2A"
        assert claim.amount == D("660.00")  # computed from the logs; a typed amount is ignored
        assert StatusChange.objects.filter(object_id=claim.pk, transition="submit").exists()
        page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
        assert "Declaratie indienen" not in page and "ingediend" in page

    def test_nothing_to_claim_is_refused(self, client):
        trajectory = self.setup_claim(hours="0")
        client.force_login(trajectory.application.created_by)
        response = client.post(reverse("trajectories:claim_submit", args=[trajectory.pk]),
                               {"iban": IBAN, "account_holder": "Stichting X"})
        assert "nog geen gehouden begeleide bijeenkomsten" in response.content.decode()

    def test_line_by_line_page_and_csv(self, client):
        trajectory = self.setup_claim(n=7, hours="4.5")
        client.force_login(trajectory.application.created_by)
        page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
        assert page.count("telt niet mee: meer dan 6 leden aanwezig") == 1
        assert page.count("maximum uren per bijeenkomst") == 6
        assert "€\u00a01.320,00" in page
        response = client.get(reverse("trajectories:claim_csv", args=[trajectory.pk]))
        text = response.content.decode("utf-8-sig")
        assert response["Content-Disposition"].startswith("attachment")
        assert text.splitlines()[0].startswith("bijeenkomst;werkgroeplid") and text.count("\n") == 1 + 7 + 2
        assert "totaal;;;24,00;1320,00" in text

    def test_a_school_cannot_see_another_schools_claim(self, client):
        claim = ReimbursementClaimFactory()
        other = TrajectoryFactory()
        client.force_login(other.application.created_by)
        for name in ("claim_detail", "claim_csv"):
            assert client.get(reverse(f"trajectories:{name}", args=[claim.trajectory_id])).status_code == 404
        response = client.post(reverse("trajectories:claim_submit", args=[claim.trajectory_id]),
                               {"iban": IBAN, "account_holder": "X"})
        assert response.status_code == 404
        assert client.get(reverse("trajectories:finance_claims")).status_code == 403

    def test_resubmit_after_rejection(self, finance):
        trajectory = self.setup_claim()
        claim = claim_service.ensure_claim(trajectory)
        school = trajectory.application.created_by
        claim_service.submit_claim(claim, iban=IBAN, account_holder="X", by=school)
        with pytest.raises(claim_service.ClaimError):
            claim_service.submit_claim(claim, iban=IBAN, account_holder="X", by=school)
        claim_service.decide(claim, approve=False, reason="uren kloppen niet", by=finance)
        claim_service.submit_claim(claim, iban=IBAN, account_holder="X", by=school)
        claim.refresh_from_db()
        assert claim.status == "submitted"
        # the rejection belongs to the earlier round: kept in the history, not shown as the claim's explanation
        assert (claim.decision_reason, claim.decided_by, claim.decided_at) == ("", None, None)
        assert [c.reason for c in StatusChange.objects.filter(object_id=claim.pk, target="rejected")] == [
            "uren kloppen niet"]


class TestFinanceDecisions:
    def test_other_roles_get_403_on_finance_pages(self, client):
        for role in (Role.STAFF, Role.ADVISER, Role.SCHOOL_CONTACT, Role.AMBASSADOR):
            client.force_login(UserFactory(roles=[role]))
            for name in ("finance_claims", "finance_batch_list"):
                assert client.get(reverse(f"trajectories:{name}")).status_code == 403

    def test_rejection_needs_a_reason(self, finance):
        claim = ReimbursementClaimFactory(status="submitted", amount=D("100"))
        with pytest.raises(claim_service.ClaimError):
            claim_service.decide(claim, approve=False, reason=" ", by=finance)

    def test_decisions_are_recorded_and_mailed(self, client, finance):
        claim = ReimbursementClaimFactory(status="submitted", amount=D("100"))
        client.force_login(finance)
        client.post(reverse("trajectories:finance_decide", args=[claim.pk]), {"decision": "reject", "reason": ""})
        claim.refresh_from_db()
        assert claim.status == "submitted"
        response = client.post(reverse("trajectories:finance_decide", args=[claim.pk]),
                               {"decision": "reject", "reason": "presentielijst ontbreekt"}, follow=True)
        school = claim.trajectory.application.school.name
        assert f"Afgewezen: de declaratie van {school}." in response.content.decode()  # says which decision
        claim.refresh_from_db()
        assert claim.status == "rejected" and claim.decided_by == finance
        change = StatusChange.objects.get(object_id=claim.pk, transition="reject")
        assert change.by == finance and change.reason == "presentielijst ontbreekt"
        mail = OutboxMessage.objects.get(payload__template="claim_decided")
        assert mail.payload["to"] == [claim.trajectory.application.created_by.email]
        from lobmatch.mailing import render_message

        body = render_message(mail.payload).body
        assert "afgewezen" in body and "presentielijst ontbreekt" in body and "€\u00a0100,00" in body

    def test_queue_filters_and_totals(self, client, finance):
        a = ReimbursementClaimFactory(status="submitted", amount=D("100.00"))
        ReimbursementClaimFactory(status="submitted", amount=D("50.50"))
        ReimbursementClaimFactory(status="approved", amount=D("7.00"))
        client.force_login(finance)
        page = client.get(reverse("trajectories:finance_claims")).content.decode()
        assert "2 declaraties, totaal €\u00a0150,50" in page
        page = client.get(reverse("trajectories:finance_claims"), {"status": "all"}).content.decode()
        assert "3 declaraties, totaal €\u00a0157,50" in page
        page = client.get(reverse("trajectories:finance_claims"),
                          {"status": "all", "tranche": a.trajectory.tranche_id}).content.decode()
        assert "1 declaratie, totaal €\u00a0100,00" in page


class TestExport:
    def approved(self, **kwargs):
        return ReimbursementClaimFactory(status="approved", amount=D("1320.00"), counted_hours=D("24"), **kwargs)

    def test_formula_in_names_is_exported_as_text(self, finance, media):
        self.approved(account_holder='=HYPERLINK("http://evil.example","klik")')
        other = self.approved(account_holder="@SUM(1+1)")
        other.trajectory.application.school.name = "+SUM(A1:A9)"
        other.trajectory.application.school.save()
        batch = export_batch(finance)
        text = batch.csv_file.open("rb").read().decode("utf-8-sig")
        assert "'=HYPERLINK" in text and "'+SUM" in text and "'@SUM" in text
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(batch.xlsx_file.open("rb").read()))
        sheet = workbook.active
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert "'=HYPERLINK(\"http://evil.example\",\"klik\")" in values and "'+SUM(A1:A9)" in values
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        assert all(not (isinstance(v, str) and v[:1] in "=+-@\t\r") for v in values)

    @pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
    def test_every_formula_start_is_neutralised(self, value):
        assert exports.safe_cell(value) == "'" + value
        assert exports.safe_cell("Stichting") == "Stichting" and exports.safe_cell(12.5) == 12.5

    def test_batch_holds_approved_claims_once_and_downloads_byte_identical(self, client, finance, media):
        first, second = self.approved(), self.approved()
        ReimbursementClaimFactory(status="submitted", amount=D("10"))
        batch = export_batch(finance)
        assert set(batch.claims.values_list("pk", flat=True)) == {first.pk, second.pk}
        assert batch.total_amount == D("2640.00") and batch.claim_count == 2
        with pytest.raises(exports.ExportError):
            export_batch(finance)
        client.force_login(finance)
        for fmt, field in (("csv", "csv_file"), ("xlsx", "xlsx_file"), ("sepa", "sepa_file")):
            url = reverse("trajectories:finance_batch_download", args=[batch.pk, fmt])
            one, two = (b"".join(client.get(url).streaming_content) for _ in range(2))
            assert one == two and hashlib.sha256(one).hexdigest() == batch.checksums[field]
        sepa = b"".join(client.get(reverse("trajectories:finance_batch_download",
                                           args=[batch.pk, "sepa"])).streaming_content)
        assert b"pain.001.001.03" in sepa and b'<InstdAmt Ccy="EUR">1320.00</InstdAmt>' in sepa
        assert b"<CtrlSum>2640.00</CtrlSum>" in sepa
        changes = StatusChange.objects.filter(transition="export", object_id__in=[first.pk, second.pk])
        assert changes.count() == 2 and {c.reason for c in changes} == {batch.reference}
        assert exports.mark_paid(batch, by=finance, paid_on=timezone.localdate()) == 2
        assert set(ReimbursementClaim.objects.filter(batch=batch).values_list("status", flat=True)) == {"paid"}
        with pytest.raises(exports.ExportError, match="al als betaald gemarkeerd"):  # once per batch
            exports.mark_paid(batch, by=finance, paid_on=timezone.localdate())

    def test_batches_are_read_only_in_the_admin(self, rf, media):
        admin_user = UserFactory(roles=[Role.STAFF], is_superuser=True)
        request = rf.get("/")
        request.user = admin_user
        for model in (ExportBatch, ReimbursementClaim):
            model_admin = site._registry[model]
            assert not model_admin.has_change_permission(request)
            assert not model_admin.has_delete_permission(request)
            assert not model_admin.has_add_permission(request)

    def test_streaming_csv_writer(self, django_assert_max_num_queries):
        for _ in range(30):
            self.approved()
        buffer = io.StringIO()
        with django_assert_max_num_queries(2):
            assert exports.write_claims_csv(ReimbursementClaim.objects.all(), buffer) == 30
        assert buffer.getvalue().count("\n") == 31


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_exports_never_share_a_claim(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI always has it)")
    settings.MEDIA_ROOT = str(tmp_path)
    for _ in range(20):
        ReimbursementClaimFactory(status="approved", amount=D("100.00"))
    finance = UserFactory(roles=[Role.FINANCE])
    for _round in range(3):
        results = race(lambda _: export_batch(finance).pk, [1, 2], refusals=(exports.ExportError,))
        assert len([r for r in results if not isinstance(r, exports.ExportError)]) == 1
        for _ in range(5):
            ReimbursementClaimFactory(status="approved", amount=D("100.00"))
    per_batch = [set(b.claims.values_list("pk", flat=True)) for b in ExportBatch.objects.all()]
    assert len(per_batch) == 3 and sum(len(s) for s in per_batch) == len(set().union(*per_batch)) == 30
    assert [b.claim_count for b in ExportBatch.objects.order_by("pk")] == [20, 5, 5]


@pytest.mark.parametrize("n", [1, 30])
def test_finance_lists_run_a_constant_number_of_queries(client, django_assert_max_num_queries, n, finance, media):
    for _ in range(n):
        ReimbursementClaimFactory(status="submitted", amount=D("10"))
    client.force_login(finance)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("trajectories:finance_claims")).status_code == 200
    ReimbursementClaim.objects.update(status="approved")
    export_batch(finance)
    for _ in range(n - 1):
        ReimbursementClaimFactory(status="approved", amount=D("10"))
        export_batch(finance)
    assert ExportBatch.objects.count() == n
    with django_assert_max_num_queries(10):
        assert client.get(reverse("trajectories:finance_batch_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("trajectories:finance_claims"), {"status": "all"}).status_code == 200


@pytest.mark.parametrize("holder", [
    "=HYPERLINK(\"http://x\";\"klik\")", "+31 6 1234", "-5", "-1.50", "@SUM(A1)", "|pipe|", "%off", "a;b",
    'met "aanhalingstekens"', "regel 1\nregel 2", "", "Stichting Gewoon", "-5\n", "a\rb", "\r=x",
])
def test_copy_export_writes_the_same_text_as_python_csv(holder):
    """On PostgreSQL the CSV comes from COPY (fast); it must be byte for byte what Python's csv writes with
    lobmatch.spreadsheets.safe_cell."""
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's (CI always has it)")
    claim = ReimbursementClaimFactory(status="approved", amount=D("1234.50"), account_holder=holder, bic="")
    claim.trajectory.application.school.name = "=cmd|' /C calc'!A0"
    claim.trajectory.application.school.save()
    ReimbursementClaimFactory(status="approved", amount=D("0.00"))
    fast, python = io.StringIO(), io.StringIO()
    assert exports.write_claims_csv(ReimbursementClaim.objects.all(), fast) == 2
    assert exports._python_claims_csv(ReimbursementClaim.objects.all(), python) == 2
    assert fast.getvalue() == python.getvalue()
    assert ";'=cmd|' /C calc'!A0;" in fast.getvalue()
    if holder.startswith("="):
        assert "'=HYPERLINK(" in fast.getvalue() and ";=HYPERLINK" not in fast.getvalue()
    assert "\r" not in fast.getvalue()  # a bare carriage return would start a new row in a spreadsheet
    if holder == "\r=x":
        assert ";'=x;" in fast.getvalue()


def test_a_claim_goes_in_once_every_guided_session_is_logged(client):
    """One claim per trajectory, frozen at approval: sent after the first session it would leave the others unpaid.
    The page says what is still to be logged instead of offering the form; the service refuses the same way."""
    trajectory, members = trajectory_with_group(2)
    meeting_service.ensure_meetings(trajectory)
    first, second, third = trajectory.meetings.filter(kind="session").order_by("number")
    log(first, {m.pk: D("4") for m in members})
    school = trajectory.application.created_by
    client.force_login(school)
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    assert "Nog niet vastgelegd: begeleide bijeenkomst 2" in page and "begeleide bijeenkomst 3" in page
    assert "Declaratie indienen" not in page
    response = client.post(reverse("trajectories:claim_submit", args=[trajectory.pk]),
                           {"iban": IBAN, "account_holder": "Stichting X"})
    assert response.status_code == 200
    assert "zodra de adviseur alle begeleide bijeenkomsten" in response.content.decode()
    assert ReimbursementClaim.objects.get(trajectory=trajectory).status == "draft"
    log(second, {}, status="cancelled")
    log(third, {m.pk: D("3") for m in members})
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    assert "Declaratie indienen" in page and "Nog niet vastgelegd" not in page
    post_and_confirm(client, reverse("trajectories:claim_submit", args=[trajectory.pk]),
                     {"iban": IBAN, "account_holder": "X"})
    assert ReimbursementClaim.objects.get(trajectory=trajectory).status == "submitted"


def test_submitting_again_from_a_second_tab_says_it_went_in_the_first_time(client):
    trajectory, members = trajectory_with_group(2)
    meeting_service.ensure_meetings(trajectory)
    for session in trajectory.meetings.filter(kind="session"):
        log(session, {m.pk: D("4") for m in members})
    client.force_login(trajectory.application.created_by)
    url = reverse("trajectories:claim_submit", args=[trajectory.pk])
    post_and_confirm(client, url, {"iban": IBAN, "account_holder": "Stichting X"})
    response = client.post(url, {"iban": IBAN, "account_holder": "Stichting X", "step": "confirm"}, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("trajectories:claim_detail", args=[trajectory.pk])
    assert "Deze declaratie is al ingediend op" in body and "Nog niet opgeslagen" not in body
    assert ReimbursementClaim.objects.get(trajectory=trajectory).status == "submitted"


def test_confirming_a_batch_twice_leads_to_the_batch_the_first_made(client):
    finance = UserFactory(roles=[Role.FINANCE])
    claims = [ReimbursementClaimFactory(status="approved", amount=D("440.00")) for _ in range(2)]
    client.force_login(finance)
    preview = exports.preview_batch()
    data = {"claim_ids": ",".join(str(pk) for pk in preview.claim_ids), "total": str(preview.total)}
    url = reverse("trajectories:finance_batch_preview")
    first = client.post(url, data)
    batch = ExportBatch.objects.get()
    assert first.url == batch.get_absolute_url()
    again = client.post(url, data, follow=True)  # the second tab
    assert again.redirect_chain[-1][0] == batch.get_absolute_url()
    body = again.content.decode()
    assert f"Dit betaalbestand is al gemaakt: {batch.reference}" in body and "geen goedgekeurde" not in body
    assert ExportBatch.objects.count() == 1 and {c.batch_id for c in ReimbursementClaim.objects.filter(
        pk__in=[c.pk for c in claims])} == {batch.pk}
