"""A transfer the bank sends back: finance records it per claim, the batch stays as written, the school checks its
account, and finance transfers the amount again by hand. A claim is in at most one batch, ever."""

import datetime as dt
import hashlib
import re
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role, StatusChange
from tests.claims.helpers import log, trajectory_with_group
from tests.concurrency import race
from tests.factories import ReimbursementClaimFactory, UserFactory, approve_claim, export_batch
from tests.questions import post_and_confirm
from tests.sessions import cancel_unlogged_sessions
from trajectories.models import ExportBatch, Meeting, PaymentReturn, ReimbursementClaim
from trajectories.services import claims as claim_service
from trajectories.services import exports
from trajectories.services import meetings as meeting_service

pytestmark = pytest.mark.django_db
NEW_IBAN = "NL44 RABO 0123 4567 89"
IBAN_OTHER = "NL91 ABNA 0417 1643 00"


@pytest.fixture
def finance():
    return UserFactory(roles=[Role.FINANCE])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def approved(amount="1320.00", **kwargs):
    return ReimbursementClaimFactory(status="approved", amount=D(amount), counted_hours=D("24"), **kwargs)


def file_bytes(batch):
    return {name: getattr(batch, name).open("rb").read() for name in ("csv_file", "xlsx_file", "sepa_file")}


class TestRecordingAReturn:
    def test_before_the_batch_is_paid_the_rest_is_paid_and_the_files_stay(self, finance):
        decider = UserFactory(roles=[Role.FINANCE])
        bounced = approved("1320.00", decided_by=decider, decision_reason="akkoord na controle")
        fine = approved("440.00")
        batch = export_batch(finance)
        files = file_bytes(batch)

        returned = exports.record_return(bounced, batch=batch, reason="  AC04   rekening opgeheven ", by=finance)

        bounced.refresh_from_db()
        assert bounced.status == "returned" and bounced.batch is None and bounced.paid_at is None
        assert (bounced.decision_reason, bounced.decided_by) == ("akkoord na controle", decider)  # as it was taken
        assert (returned.claim, returned.batch, returned.amount) == (bounced, batch, D("1320.00"))
        assert (returned.reason, returned.iban, returned.recorded_by) == ("AC04 rekening opgeheven",
                                                                          "NL91ABNA0417164300", finance)
        change = StatusChange.objects.get(object_id=bounced.pk, transition="record_return")
        assert (change.source, change.target, change.by) == ("exported", "returned", finance)
        assert change.reason == f"{batch.reference}: AC04 rekening opgeheven"
        assert exports.mark_paid(batch, by=finance, paid_on=timezone.localdate()) == 1  # only the transfer that was not sent back
        fine.refresh_from_db()
        assert fine.status == "paid"
        batch.refresh_from_db()
        assert (batch.claim_count, batch.total_amount) == (2, D("1760.00"))  # what the files say, unchanged
        assert file_bytes(batch) == files and all(
            hashlib.sha256(content).hexdigest() == batch.checksums[name]
            for name, content in files.items())

    def test_after_the_batch_was_paid(self, finance):
        claim = approved()
        batch = export_batch(finance)
        exports.mark_paid(batch, by=finance, paid_on=timezone.localdate())
        claim.refresh_from_db()
        assert claim.paid_at is not None
        exports.record_return(claim, batch=batch, reason="naam en rekening komen niet overeen", by=finance)
        claim.refresh_from_db()
        assert claim.status == "returned" and claim.paid_at is None and claim.batch is None

    def test_the_school_is_mailed_the_reason(self, finance):
        claim = approved("866.25")
        batch = export_batch(finance)
        exports.record_return(claim, batch=batch, reason="MD07 rekeninghouder overleden", by=finance)
        mail = OutboxMessage.objects.get(payload__template="claim_returned")
        assert mail.payload["to"] == [claim.trajectory.application.created_by.email]
        message = render_message(mail.payload)
        assert claim.trajectory.application.school.name in message.subject
        assert "MD07 rekeninghouder overleden" in message.body and "€\u00a0866,25" in message.body
        assert reverse("trajectories:claim_detail", args=[claim.trajectory_id]) in message.body
        assert "&amp;" not in message.body

    @pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
    def test_a_reason_is_required(self, finance, reason):
        claim = approved()
        batch = export_batch(finance)
        with pytest.raises(exports.ExportError, match="reden"):
            exports.record_return(claim, batch=batch, reason=reason, by=finance)
        claim.refresh_from_db()
        assert claim.status == "exported" and not PaymentReturn.objects.exists()

    def test_reason_length_boundary(self, finance):
        first, second = approved(), approved()
        batch = export_batch(finance)
        with pytest.raises(exports.ExportError, match="te lang"):
            exports.record_return(first, batch=batch, reason="x" * 301, by=finance)
        assert exports.record_return(second, batch=batch, reason="x" * 300, by=finance).reason == "x" * 300

    @pytest.mark.parametrize("status", ["draft", "submitted", "approved", "rejected"])
    def test_only_a_claim_in_the_batch_can_be_returned(self, finance, status):
        approved()
        batch = export_batch(finance)
        outside = ReimbursementClaimFactory(status=status, amount=D("10"))
        with pytest.raises(exports.ExportError, match=batch.reference):
            exports.record_return(outside, batch=batch, reason="AC01", by=finance)
        outside.refresh_from_db()
        assert outside.status == status

    def test_a_claim_of_another_batch_and_a_second_return_are_refused(self, finance):
        first = approved()
        one = export_batch(finance)
        second = approved()
        two = export_batch(finance)
        with pytest.raises(exports.ExportError):
            exports.record_return(second, batch=one, reason="AC01", by=finance)
        exports.record_return(first, batch=one, reason="AC01", by=finance)
        with pytest.raises(exports.ExportError):
            exports.record_return(first, batch=one, reason="AC01 nogmaals", by=finance)
        assert PaymentReturn.objects.count() == 1
        assert ReimbursementClaim.objects.get(pk=second.pk).batch == two


class TestTheSchoolCorrectsAndFinancePaysAgain:
    def test_corrected_account_is_paid_by_hand_and_never_in_a_second_batch(self, client, finance):
        trajectory, members = trajectory_with_group(4)
        meeting_service.ensure_meetings(trajectory)
        log(trajectory.meetings.filter(kind=Meeting.Kind.SESSION).first(), {m.pk: D("4") for m in members})
        cancel_unlogged_sessions(trajectory)
        school = trajectory.application.created_by
        claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban="NL91 ABNA 0417 1643 00",
                                           account_holder="Stichting Oud", by=school)
        approve_claim(claim, finance)
        batch = export_batch(finance)
        returned = exports.record_return(claim, batch=batch, reason="AC04 rekening opgeheven", by=finance)
        assert returned.iban == "NL91ABNA0417164300"

        client.force_login(school)
        url = reverse("trajectories:claim_detail", args=[trajectory.pk])
        page = client.get(url).content.decode()
        assert "De bank heeft de betaling teruggestuurd." in page and "AC04 rekening opgeheven" in page
        assert "Rekeninggegevens opslaan" in page and "Declaratie indienen" not in page
        submit = reverse("trajectories:claim_submit", args=[trajectory.pk])
        response = client.post(submit, {"iban": "NL91 ABNA 0417 1643 01", "account_holder": "Stichting Nieuw"})
        assert response.status_code == 200 and "Dit IBAN klopt niet" in response.content.decode()
        assert 'value="Stichting Nieuw"' in response.content.decode()  # nothing typed is lost
        response = client.post(submit, {"iban": NEW_IBAN, "account_holder": "Stichting Nieuw"}, follow=True)
        assert "Uw rekeninggegevens zijn bijgewerkt" in response.content.decode()
        claim.refresh_from_db()
        assert (claim.status, claim.iban, claim.account_holder) == ("returned", "NL44RABO0123456789",
                                                                   "Stichting Nieuw")
        assert claim.amount == D("880.00") and claim.is_locked  # still approved: the logs stay locked
        assert claim.history.first().history_change_reason == "rekening gecorrigeerd na terugboeking"

        with pytest.raises(exports.ExportError):  # a returned claim never enters another batch
            export_batch(finance)
        with pytest.raises(exports.ExportError, match="intussen gewijzigd"):  # finance saw the old account
            exports.record_repayment(returned, note="kenmerk 123", iban=returned.iban, by=finance)
        exports.record_repayment(returned, note="handmatig overgemaakt 2 dec, kenmerk 123", iban=NEW_IBAN,
                                 by=finance)
        claim.refresh_from_db()
        returned.refresh_from_db()
        assert claim.status == "paid" and claim.batch is None and claim.paid_at is not None
        assert (returned.repaid_iban, returned.repaid_by) == ("NL44RABO0123456789", finance)
        assert returned.repaid_note == "handmatig overgemaakt 2 dec, kenmerk 123"
        change = StatusChange.objects.filter(object_id=claim.pk, content_type__model="reimbursementclaim").last()
        assert (change.transition, change.source, change.target) == ("repay", "returned", "paid")
        assert batch.reference in change.reason and "kenmerk 123" in change.reason and "NL" not in change.reason
        assert ExportBatch.objects.count() == 1
        for name in ("csv_file", "xlsx_file", "sepa_file"):
            assert b"NL44RABO0123456789" not in getattr(batch, name).open("rb").read()  # as written, the old account

        # Paid now: the account is fixed again, and the form is gone.
        with pytest.raises(claim_service.ClaimError):
            claim_service.correct_account(claim, iban=IBAN_OTHER, account_holder="X", by=school)
        assert "Rekeninggegevens opslaan" not in client.get(url).content.decode()

    def test_the_account_finance_saw_and_paid_is_recorded_when_the_school_changed_it_again(self, client, finance):
        """Finance paid the corrected account it saw; meanwhile the school changed it once more. The record names
        the account that was paid (not the one the page switched to) and finance is told to check with the
        school."""
        claim = approved()
        batch = export_batch(finance)
        returned = exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        school = claim.trajectory.application.created_by
        claim_service.correct_account(claim, iban=NEW_IBAN, account_holder="Stichting Nieuw", by=school)
        client.force_login(finance)
        detail = client.get(batch.get_absolute_url()).content.decode()
        assert "NL44RABO0123456789" in detail  # what finance sees, and pays
        claim_service.correct_account(claim, iban=IBAN_OTHER, account_holder="Stichting Anders", by=school)
        repay = reverse("trajectories:finance_record_repayment", args=[batch.pk, returned.pk])
        response = client.post(repay, {f"return-{returned.pk}-note": "overgemaakt 3 dec",
                                       f"return-{returned.pk}-paid_on": timezone.localdate().isoformat(),
                                       f"return-{returned.pk}-iban": "NL44RABO0123456789"}, follow=True)
        page = response.content.decode()
        returned.refresh_from_db()
        assert returned.repaid_iban == "NL44RABO0123456789"
        assert "Vastgelegd als overgemaakt naar NL44 RABO 0123 4567 89" in page and "gewijzigd in NL91 ABNA 0417 1643 00" in page
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "paid"

    def test_a_returned_claim_cannot_be_submitted_again(self, finance):
        claim = approved()
        batch = export_batch(finance)
        exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        with pytest.raises(claim_service.ClaimError):
            claim_service.submit_claim(claim, iban=NEW_IBAN, account_holder="X", by=claim.trajectory.application
                                       .created_by)
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "returned"

    @pytest.mark.parametrize("note", ["", "  ", "x" * 301])
    def test_the_repayment_needs_a_short_note(self, finance, note):
        claim = approved()
        batch = export_batch(finance)
        returned = exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        with pytest.raises(exports.ExportError):
            exports.record_repayment(returned, note=note, iban=returned.iban, by=finance)
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "returned"
        assert exports.record_repayment(returned, note="x" * 300, iban=returned.iban, by=finance).repaid_note == "x" * 300

    def test_a_repayment_is_recorded_once(self, finance):
        claim = approved()
        batch = export_batch(finance)
        returned = exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        exports.record_repayment(returned, note="kenmerk 1", iban=returned.iban, by=finance)
        with pytest.raises(exports.ExportError, match="al opnieuw overgemaakt"):
            exports.record_repayment(returned, note="kenmerk 2", iban=returned.iban, by=finance)
        assert PaymentReturn.objects.get().repaid_note == "kenmerk 1"
        assert StatusChange.objects.filter(object_id=claim.pk, transition="repay").count() == 1


class TestFinancePages:
    def test_batch_page_records_a_return_and_keeps_bad_input(self, client, finance):
        claim = approved()
        school = claim.trajectory.application.school.name
        batch = export_batch(finance)
        client.force_login(finance)
        detail = reverse("trajectories:finance_batch_detail", args=[batch.pk])
        page = client.get(detail).content.decode()
        assert school in page and f'Reden volgens de bank<span class="visually-hidden"> – {school}</span>' in page
        assert exports.end_to_end_id(batch.reference, claim.pk) in page  # what the bank quotes
        assert "Markeer 1 overboeking als betaald" in page
        action = reverse("trajectories:finance_record_return", args=[batch.pk, claim.pk])

        too_long = "rekening opgeheven " * 20  # 380 characters
        response = client.post(action, {f"claim-{claim.pk}-reason": too_long})
        assert response.status_code == 400
        page = response.content.decode()
        assert 'id="error-summary"' in page and "te lang" in page and 'aria-invalid="true"' in page
        assert f'value="{too_long}"' in page  # nothing typed is lost
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "exported"

        response = client.post(action, {f"claim-{claim.pk}-reason": "AC04 rekening opgeheven"}, follow=True)
        assert response.redirect_chain == [(detail, 302)]
        page = response.content.decode()
        assert f"Terugboeking vastgelegd voor {school}" in page and "AC04 rekening opgeheven" in page
        assert "de bank heeft al zijn overboekingen teruggestuurd: ze staan hieronder bij ‘Teruggeboekt’." in page
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "returned"

        # Once more (another tab): the claim is no longer in the batch; the page says so without a row to point at.
        response = client.post(action, {f"claim-{claim.pk}-reason": "AC04"})
        assert response.status_code == 400 and "niet (meer) in betaalbestand" in response.content.decode()
        assert PaymentReturn.objects.count() == 1

        # The second transfer, by hand: first without a note, then with one.
        returned = PaymentReturn.objects.get()
        page = client.get(detail).content.decode()
        assert "nog ongewijzigd" in page
        # a transfer to the account the money just came back from is asked about first
        assert re.search(r'data-confirm="De school heeft haar rekening sinds de terugboeking niet gewijzigd: de bank '
                         r'stuurde het geld terug van NL\d\d [A-Z]{4} ', page)
        repay = reverse("trajectories:finance_record_repayment", args=[batch.pk, returned.pk])
        today = timezone.localdate()
        page = client.get(detail).content.decode()
        assert f'name="return-{returned.pk}-paid_on" required value="{today:%Y-%m-%d}"' in page  # asked, today first
        assert exports.end_to_end_id(batch.reference, claim.pk) in page  # the returned transfer keeps its reference
        response = client.post(repay, {f"return-{returned.pk}-note": "  ", f"return-{returned.pk}-iban": returned.iban,
                                       f"return-{returned.pk}-paid_on": f"{today:%Y-%m-%d}"})
        page = response.content.decode()
        assert response.status_code == 400 and "Geef het kenmerk van de nieuwe overboeking op." in page
        assert f'href="#id_return-{returned.pk}-note"' in page and 'aria-invalid="true"' in page
        ReimbursementClaim.objects.filter(pk=claim.pk).update(iban="NL44RABO0123456789")  # (the school corrected it)
        page = client.get(detail).content.decode()
        assert "gewijzigd door de school" in page and "niet gewijzigd: de bank stuurde" not in page
        tomorrow = today + dt.timedelta(days=1)
        response = client.post(repay, {f"return-{returned.pk}-note": "overgemaakt 3 dec",
                                       f"return-{returned.pk}-paid_on": f"{tomorrow:%Y-%m-%d}",
                                       f"return-{returned.pk}-iban": "NL44RABO0123456789"})
        page = response.content.decode()
        assert response.status_code == 400 and "Deze datum ligt in de toekomst" in page
        assert 'value="overgemaakt 3 dec"' in page and f'value="{tomorrow:%Y-%m-%d}"' in page  # nothing lost
        response = client.post(repay, {f"return-{returned.pk}-note": "overgemaakt 3 dec",
                                       f"return-{returned.pk}-paid_on": f"{today:%Y-%m-%d}",
                                       f"return-{returned.pk}-iban": "NL44RABO0123456789"}, follow=True)
        page = response.content.decode()
        assert f"Nieuwe overboeking vastgelegd voor {school}" in page and "overgemaakt 3 dec" in page
        assert ReimbursementClaim.objects.get(pk=claim.pk).paid_on == today
        assert "NL44 RABO 0123 4567 89" in page and repay not in page  # grouped as the bank prints it
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "paid"

    def test_batch_list_counts_returns_and_offers_paying_only_what_is_open(self, client, finance):
        bounced, fine = approved(), approved()
        batch = export_batch(finance)
        client.force_login(finance)
        listing = reverse("trajectories:finance_batch_list")
        mark = f"{batch.get_absolute_url()}#betaald"  # the batch page asks for the payment date
        assert mark in client.get(listing).content.decode()
        exports.record_return(bounced, batch=batch, reason="AC04", by=finance)
        page = client.get(listing).content.decode()
        assert "1 teruggeboekt" in page and mark in page  # the other transfer is still open
        assert reverse("trajectories:finance_mark_paid", args=[batch.pk]) in client.get(mark).content.decode()
        assert post_and_confirm(client, reverse("trajectories:finance_mark_paid", args=[batch.pk]),
                                {"paid_on": timezone.localdate().isoformat()}).url == batch.get_absolute_url()
        page = client.get(listing).content.decode()
        assert mark not in page and "1 teruggeboekt" in page and re.search(r"<td>\s*betaald", page)
        assert ReimbursementClaim.objects.get(pk=fine.pk).status == "paid"

    def test_a_batch_whose_only_transfer_came_back_is_not_called_paid(self, client, finance):
        claim = approved()
        batch = export_batch(finance)
        returned = exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        client.force_login(finance)
        page = client.get(reverse("trajectories:finance_batch_list")).content.decode()
        assert not re.search(r"<td>\s*betaald", page) and "1 wacht op een nieuwe overboeking" in page
        assert reverse("trajectories:finance_mark_paid", args=[batch.pk]) not in page
        exports.record_repayment(returned, note="kenmerk 1", iban=returned.iban, by=finance)
        page = client.get(reverse("trajectories:finance_batch_list")).content.decode()
        assert "1 teruggeboekt" in page and "wacht op een nieuwe overboeking" not in page

    def test_in_english_the_error_is_english_and_the_typed_reason_kept(self, client, finance):
        claim = approved()
        batch = export_batch(finance)
        client.force_login(finance)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = client.get(batch.get_absolute_url()).content.decode()
        assert "Transfers in this payment batch" in page and "Mark 1 transfer as paid" in page
        response = client.post(reverse("trajectories:finance_record_return", args=[batch.pk, claim.pk]),
                               {f"claim-{claim.pk}-reason": "x" * 301})
        page = response.content.decode()
        assert response.status_code == 400 and "The text is too long (at most 300 characters, now 301)" in page
        assert 'value="' + "x" * 301 + '"' in page

    def test_the_claim_page_of_finance_shows_the_return_without_a_form(self, client, finance):
        claim = approved()
        batch = export_batch(finance)
        exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        client.force_login(finance)
        page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
        assert "De bank heeft de betaling teruggestuurd." in page and "De school controleert haar rekening" in page
        assert reverse("trajectories:claim_submit", args=[claim.trajectory_id]) not in page
        assert "teruggeboekt" in page

    @pytest.mark.parametrize("n", [1, 25])
    def test_batch_page_runs_a_constant_number_of_queries(self, client, finance, django_assert_max_num_queries, n):
        claims = [approved("100.00") for _ in range(n)]
        batch = export_batch(finance)
        for claim in claims[: max(1, n // 2)]:
            exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        client.force_login(finance)
        with django_assert_max_num_queries(9):
            assert client.get(reverse("trajectories:finance_batch_detail", args=[batch.pk])).status_code == 200


@pytest.fixture
def finance_on_postgresql(finance):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI always has it)")
    return finance


@pytest.mark.django_db(transaction=True)
def test_a_return_racing_mark_paid_ends_returned_and_unpaid(finance_on_postgresql):
    finance = finance_on_postgresql
    for _round in range(3):
        claim = approved()
        batch = export_batch(finance)

        def act(what, claim=claim, batch=batch):
            if what == "pay":
                return exports.mark_paid(batch, by=finance, paid_on=timezone.localdate())
            return exports.record_return(claim, batch=batch, reason="AC04", by=finance).pk

        paid, returned = race(act, ["pay", "return"])
        claim.refresh_from_db()
        assert claim.status == "returned" and claim.batch is None and claim.paid_at is None
        assert PaymentReturn.objects.filter(pk=returned, claim=claim, batch=batch).exists()
        transitions = list(StatusChange.objects.filter(object_id=claim.pk, content_type__model="reimbursementclaim")
                           .order_by("pk").values_list("transition", flat=True))
        assert transitions[-1] == "record_return" and transitions.count("mark_paid") == paid


@pytest.mark.django_db(transaction=True)
def test_two_returns_of_one_transfer_at_once_record_it_once(finance_on_postgresql):
    """Two finance officers (or two tabs) record the same return: one wins, the other gets the clear refusal."""
    finance = finance_on_postgresql
    for _round in range(3):
        claim = approved()
        batch = export_batch(finance)
        results = race(lambda reason, claim=claim, batch=batch: exports.record_return(
            claim, batch=batch, reason=reason, by=finance).pk, ["AC04", "AC01"], refusals=(exports.ExportError,))
        assert len([r for r in results if isinstance(r, exports.ExportError)]) == 1
        assert PaymentReturn.objects.filter(claim=claim).count() == 1
        assert StatusChange.objects.filter(object_id=claim.pk, transition="record_return").count() == 1
        url = reverse("trajectories:claim_detail", args=[claim.trajectory_id])
        assert OutboxMessage.objects.filter(payload__template="claim_returned", payload__context__url=url).count() == 1


def test_the_weekly_finance_digest_names_returns_waiting_for_a_new_transfer(finance):
    from trajectories.reminders import run_finance_digest

    monday = dt.datetime(2027, 1, 11, 8, 0, tzinfo=dt.UTC)  # 09:00 Amsterdam
    claim = approved("866.25")
    batch = export_batch(finance)
    returned = exports.record_return(claim, batch=batch, reason="AC04", by=finance)
    assert run_finance_digest(now=monday) == 1
    mail = OutboxMessage.objects.get(payload__template="reminder_finance_digest")
    message = render_message(mail.payload)
    assert "] 1 teruggestuurde overboeking wacht op een nieuwe overboeking (2027-W02)" in message.subject
    assert "1 overboeking die de bank terugstuurde wacht op een nieuwe overboeking, samen €\u00a0866,25" in message.body
    assert reverse("trajectories:finance_claims") + "?status=returned" in message.body
    assert "op een besluit" not in message.body and message.alternatives[0][0].count("<h1>") == 1
    exports.record_repayment(returned, note="kenmerk 9", iban=returned.iban, by=finance)
    next_monday = monday + dt.timedelta(days=7)
    assert run_finance_digest(now=next_monday) == 0  # paid again: nothing waits


def test_the_digest_with_claims_to_decide_and_returns_names_both(finance):
    from trajectories.reminders import run_finance_digest

    monday = dt.datetime(2027, 1, 11, 8, 0, tzinfo=dt.UTC)
    exports.record_return(approved("100.00"), batch=export_batch(finance), reason="AC04", by=finance)
    ReimbursementClaimFactory(status="submitted", amount=D("50.00"), submitted_at=monday - dt.timedelta(days=2))
    assert run_finance_digest(now=monday) == 1
    message = render_message(OutboxMessage.objects.get(payload__template="reminder_finance_digest").payload)
    assert message.subject.endswith("1 declaratie wacht op een besluit; 1 teruggestuurde overboeking wacht op een "
                                    "nieuwe overboeking (2027-W02)")
    assert "op een besluit, samen €\u00a050,00" in message.body and "samen €\u00a0100,00" in message.body
    html = message.alternatives[0][0]
    assert html.count("<h1>") == 1 and "<h2>Teruggestuurd door de bank</h2>" in html
    assert "?status=returned" in message.body


class TestAfterAReturnTheMoneyIsFixed:
    def test_a_corrected_log_cannot_change_the_amount_to_pay_again(self, finance):
        trajectory, members = trajectory_with_group(2)
        meeting_service.ensure_meetings(trajectory)
        session = trajectory.meetings.filter(kind=Meeting.Kind.SESSION).first()
        log(session, {m.pk: D("4") for m in members})
        cancel_unlogged_sessions(trajectory)
        school = trajectory.application.created_by
        claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN_OTHER,
                                           account_holder="Stichting", by=school)
        approve_claim(claim, finance)
        returned = exports.record_return(claim, batch=export_batch(finance), reason="AC04", by=finance)
        corrected = meeting_service.LogEntry(status="held", attendance={m.pk: D("2") for m in members},
                                             school_leader_present=True, ambassador_present=True, notes="",
                                             agreed_actions="", progress=3)
        with pytest.raises(claim_service.ClaimError, match="betaalbestand"):  # finance corrects a log
            claim_service.correct_meeting(session, corrected, by=finance, reason="lijst gecorrigeerd")
        assert ReimbursementClaim.objects.get(pk=claim.pk).amount == returned.amount == D("440.00")

    def test_the_page_offers_the_account_as_it_is_now_after_a_refused_repayment(self, client, finance):
        claim = approved()
        batch = export_batch(finance)
        returned = exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        client.force_login(finance)
        ReimbursementClaim.objects.filter(pk=claim.pk).update(iban="NL44RABO0123456789")  # the school, meanwhile
        response = client.post(reverse("trajectories:finance_record_repayment", args=[batch.pk, returned.pk]),
                               {f"return-{returned.pk}-note": "kenmerk 5", f"return-{returned.pk}-iban": returned.iban,
                                f"return-{returned.pk}-paid_on": timezone.localdate().isoformat()})
        page = response.content.decode()
        assert response.status_code == 400 and "intussen gewijzigd, nu NL44 RABO 0123 4567 89" in page
        assert 'value="kenmerk 5"' in page and f'name="return-{returned.pk}-iban" value="NL44RABO0123456789"' in page
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "returned"
        response = client.post(reverse("trajectories:finance_record_repayment", args=[batch.pk, returned.pk]),
                               {f"return-{returned.pk}-note": "kenmerk 5",
                                f"return-{returned.pk}-paid_on": timezone.localdate().isoformat(),
                                f"return-{returned.pk}-iban": "NL44RABO0123456789"})
        assert response.status_code == 302
        returned.refresh_from_db()
        assert returned.repaid_iban == "NL44RABO0123456789"

    def test_finance_queue_links_a_returned_claim_to_its_batch(self, client, finance, django_assert_max_num_queries):
        claims = [approved() for _ in range(3)]
        batch = export_batch(finance)
        for claim in claims:
            exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        client.force_login(finance)
        with django_assert_max_num_queries(12):
            page = client.get(reverse("trajectories:finance_claims"), {"status": "returned"}).content.decode()
        assert page.count(f'href="{batch.get_absolute_url()}"') == 3
        assert "Teruggestuurd: nieuwe overboeking vastleggen" in page


def test_a_file_keeps_its_payment_date_when_its_only_transfer_comes_back_and_the_new_one_has_its_own(client, finance):
    """The day the bank carried out the file stays on the file (a returned transfer leaves it); the transfer made
    again by hand has the day finance gives, not the day it was recorded, and that is what the school sees."""
    claim = approved()
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        batch = export_batch(finance)
        exports.mark_paid(batch, by=finance, paid_on=dt.date(2026, 12, 1))
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC), tick=False):
        returned = exports.record_return(claim, batch=batch, reason="AC04", by=finance)
    with time_machine.travel(dt.datetime(2026, 12, 9, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(finance)
        detail = client.get(batch.get_absolute_url()).content.decode()
        assert "Betaald op: 01-12-2026" in detail
        assert "betaald op 01-12-2026" in client.get(reverse("trajectories:finance_batch_list")).content.decode()
        with pytest.raises(exports.PaymentDateError, match="vóór 03-12-2026"):
            exports.record_repayment(returned, note="k1", iban=returned.iban, by=finance, paid_on=dt.date(2026, 12, 2))
        with pytest.raises(exports.PaymentDateError, match="toekomst"):
            exports.record_repayment(returned, note="k1", iban=returned.iban, by=finance,
                                     paid_on=dt.date(2026, 12, 10))
        exports.record_repayment(returned, note="k1", iban=returned.iban, by=finance, paid_on=dt.date(2026, 12, 5))
        claim.refresh_from_db()
        assert claim.paid_on == dt.date(2026, 12, 5)  # the day of the transfer, recorded four days later
        client.force_login(claim.trajectory.application.created_by)
        page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
        assert "Betaald op" in page and "05-12-2026" in page


def test_a_changed_account_is_told_to_the_school_and_an_unchanged_one_is_refused(finance):
    """A changed account sends the money elsewhere: whoever changed it and the application's contact get a mail at
    once (a colleague who did not do it can stop the payment). Saving the account the bank sent the money back from,
    unchanged, changes nothing and says so."""
    claim = approved(iban="NL91ABNA0417164300", account_holder="Stichting Oud")
    batch = export_batch(finance)
    exports.record_return(claim, batch=batch, reason="AC04", by=finance)
    contact = claim.trajectory.application.created_by
    colleague = UserFactory(email="collega@school.example", first_name="Ria", last_name="Collega")
    with pytest.raises(claim_service.ClaimError, match="U hebt niets gewijzigd"):
        claim_service.correct_account(claim, iban="NL91 ABNA 0417 1643 00", account_holder="Stichting Oud",
                                      by=colleague)
    assert not OutboxMessage.objects.filter(payload__template="claim_account_changed").exists()
    claim_service.correct_account(claim, iban=NEW_IBAN, account_holder="Stichting Oud", by=colleague)
    [mail] = OutboxMessage.objects.filter(payload__template="claim_account_changed")
    assert sorted(mail.payload["to"]) == sorted([colleague.email, contact.email])
    message = render_message(mail.payload)
    assert f"Rekening gewijzigd voor declaratie {claim.pk}" in message.subject
    assert "Ria Collega heeft de rekening" in message.body and "het IBAN dat eindigt op 6789" in message.body
    assert "Hebt u of een collega dit niet gedaan?" in message.body and "NL44RABO0123456789" not in message.body
