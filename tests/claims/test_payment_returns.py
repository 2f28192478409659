"""A transfer the bank sends back: finance records it per claim, the batch stays as written, the school corrects its
account and submits again, and a later batch pays it."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.urls import reverse

from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role, StatusChange
from tests.claims.test_claims import log, trajectory_with_group
from tests.concurrency import race
from tests.factories import ReimbursementClaimFactory, UserFactory
from trajectories.models import ExportBatch, Meeting, PaymentReturn, ReimbursementClaim
from trajectories.services import claims as claim_service
from trajectories.services import exports
from trajectories.services import meetings as meeting_service

pytestmark = pytest.mark.django_db
NEW_IBAN = "NL44 RABO 0123 4567 89"


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
        bounced, fine = approved("1320.00"), approved("440.00")
        batch = exports.create_batch(by=finance)
        files = file_bytes(batch)

        returned = exports.record_return(bounced, batch=batch, reason="  AC04   rekening opgeheven ", by=finance)

        bounced.refresh_from_db()
        assert bounced.status == "returned" and bounced.batch is None and bounced.paid_at is None
        assert bounced.decision_reason == "AC04 rekening opgeheven" and bounced.decided_by == finance
        assert (returned.claim, returned.batch, returned.amount) == (bounced, batch, D("1320.00"))
        change = StatusChange.objects.get(object_id=bounced.pk, transition="record_return")
        assert (change.source, change.target, change.by) == ("exported", "returned", finance)
        assert change.reason == f"{batch.reference}: AC04 rekening opgeheven"
        assert exports.mark_paid(batch, by=finance) == 1  # only the transfer that was not sent back
        fine.refresh_from_db()
        assert fine.status == "paid"
        batch.refresh_from_db()
        assert (batch.claim_count, batch.total_amount) == (2, D("1760.00"))  # what the files say, unchanged
        assert file_bytes(batch) == files and all(
            __import__("hashlib").sha256(content).hexdigest() == batch.checksums[name]
            for name, content in files.items())

    def test_after_the_batch_was_paid(self, finance):
        claim = approved()
        batch = exports.create_batch(by=finance)
        exports.mark_paid(batch, by=finance)
        claim.refresh_from_db()
        assert claim.paid_at is not None
        exports.record_return(claim, batch=batch, reason="naam en rekening komen niet overeen", by=finance)
        claim.refresh_from_db()
        assert claim.status == "returned" and claim.paid_at is None and claim.batch is None

    def test_the_school_is_mailed_the_reason(self, finance):
        claim = approved("866.25")
        batch = exports.create_batch(by=finance)
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
        batch = exports.create_batch(by=finance)
        with pytest.raises(exports.ExportError, match="reden"):
            exports.record_return(claim, batch=batch, reason=reason, by=finance)
        claim.refresh_from_db()
        assert claim.status == "exported" and not PaymentReturn.objects.exists()

    def test_reason_length_boundary(self, finance):
        first, second = approved(), approved()
        batch = exports.create_batch(by=finance)
        with pytest.raises(exports.ExportError, match="te lang"):
            exports.record_return(first, batch=batch, reason="x" * 301, by=finance)
        assert exports.record_return(second, batch=batch, reason="x" * 300, by=finance).reason == "x" * 300

    @pytest.mark.parametrize("status", ["draft", "submitted", "approved", "rejected"])
    def test_only_a_claim_in_the_batch_can_be_returned(self, finance, status):
        approved()
        batch = exports.create_batch(by=finance)
        outside = ReimbursementClaimFactory(status=status, amount=D("10"))
        with pytest.raises(exports.ExportError, match=batch.reference):
            exports.record_return(outside, batch=batch, reason="AC01", by=finance)
        outside.refresh_from_db()
        assert outside.status == status

    def test_a_claim_of_another_batch_and_a_second_return_are_refused(self, finance):
        first = approved()
        one = exports.create_batch(by=finance)
        second = approved()
        two = exports.create_batch(by=finance)
        with pytest.raises(exports.ExportError):
            exports.record_return(second, batch=one, reason="AC01", by=finance)
        exports.record_return(first, batch=one, reason="AC01", by=finance)
        with pytest.raises(exports.ExportError):
            exports.record_return(first, batch=one, reason="AC01 nogmaals", by=finance)
        assert PaymentReturn.objects.count() == 1
        assert ReimbursementClaim.objects.get(pk=second.pk).batch == two


def test_batch_references_stay_unique_when_a_returned_claim_is_exported_again_in_the_same_second(finance):
    import time_machine

    claim = approved()
    with time_machine.travel("2026-12-01 10:00:00+01:00", tick=False):
        first = exports.create_batch(by=finance)
        exports.record_return(claim, batch=first, reason="AC04", by=finance)
        ReimbursementClaim.objects.filter(pk=claim.pk).update(status="approved")  # (decided again, for brevity)
        second = exports.create_batch(by=finance)
    assert first.reference != second.reference
    assert first.reference.startswith("LOB-20261201-100000-") and len(second.reference) <= 35
    ids = [exports.end_to_end_id(batch.reference, claim.pk) for batch in (first, second)]
    assert ids[0] != ids[1]
    assert f"<EndToEndId>{ids[1]}</EndToEndId>".encode() in second.sepa_file.open("rb").read()


class TestTheSchoolSubmitsAgain:
    def test_corrected_account_is_decided_again_and_paid_by_a_later_batch(self, client, finance):
        trajectory, members = trajectory_with_group(4)
        meeting_service.ensure_meetings(trajectory)
        log(trajectory.meetings.filter(kind=Meeting.Kind.SESSION).first(), {m.pk: D("4") for m in members})
        school = trajectory.application.created_by
        claim = claim_service.submit_claim(claim_service.refresh_claim(trajectory), iban="NL91 ABNA 0417 1643 00",
                                           account_holder="Stichting Oud", by=school)
        claim_service.decide(claim, approve=True, reason="", by=finance)
        first = exports.create_batch(by=finance)
        exports.record_return(claim, batch=first, reason="AC04 rekening opgeheven", by=finance)

        client.force_login(school)
        url = reverse("trajectories:claim_detail", args=[trajectory.pk])
        page = client.get(url).content.decode()
        assert "De bank heeft de betaling teruggestuurd." in page and "AC04 rekening opgeheven" in page
        assert 'action="' + reverse("trajectories:claim_submit", args=[trajectory.pk]) in page
        response = client.post(reverse("trajectories:claim_submit", args=[trajectory.pk]),
                               {"iban": NEW_IBAN, "account_holder": "Stichting Nieuw"})
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.status == "submitted" and claim.iban == "NL44RABO0123456789" and claim.batch is None
        assert claim.amount == D("880.00")  # 4 members × 4 h × €55, recomputed from the logs

        claim_service.decide(claim, approve=True, reason="", by=finance)
        second = exports.create_batch(by=finance)
        assert list(second.claims.all()) == [claim] and second.total_amount == D("880.00")
        assert b"NL44RABO0123456789" in second.sepa_file.open("rb").read()
        assert b"NL44RABO0123456789" not in first.sepa_file.open("rb").read()  # the old file is as written
        exports.mark_paid(second, by=finance)
        claim.refresh_from_db()
        assert claim.status == "paid" and claim.batch == second
        assert [r.batch for r in claim.returns.all()] == [first]

    def test_the_logs_are_open_again_as_after_a_rejection(self, finance):
        claim = approved()
        batch = exports.create_batch(by=finance)
        assert claim.__class__.objects.get(pk=claim.pk).is_locked
        exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        assert not ReimbursementClaim.objects.get(pk=claim.pk).is_locked


class TestFinancePages:
    def test_batch_page_records_a_return_and_keeps_bad_input(self, client, finance):
        claim = approved()
        school = claim.trajectory.application.school.name
        batch = exports.create_batch(by=finance)
        client.force_login(finance)
        detail = reverse("trajectories:finance_batch_detail", args=[batch.pk])
        page = client.get(detail).content.decode()
        assert school in page and f"Reden van de terugboeking voor {school}" in page
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
        assert "Geen overboekingen meer in dit bestand." in page
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "returned"

        # Once more (another tab): the claim is no longer in the batch; the page says so without a row to point at.
        response = client.post(action, {f"claim-{claim.pk}-reason": "AC04"})
        assert response.status_code == 400 and "niet (meer) in betaalbestand" in response.content.decode()
        assert PaymentReturn.objects.count() == 1

    def test_batch_list_counts_returns_and_offers_paying_only_what_is_open(self, client, finance):
        bounced, fine = approved(), approved()
        batch = exports.create_batch(by=finance)
        client.force_login(finance)
        listing = reverse("trajectories:finance_batch_list")
        mark = reverse("trajectories:finance_mark_paid", args=[batch.pk])
        assert mark in client.get(listing).content.decode()
        exports.record_return(bounced, batch=batch, reason="AC04", by=finance)
        page = client.get(listing).content.decode()
        assert "1 teruggeboekt" in page and mark in page  # the other transfer is still open
        assert client.post(mark, {"next": "detail"}).url == batch.get_absolute_url()
        page = client.get(listing).content.decode()
        assert mark not in page and "1 teruggeboekt" in page
        assert ReimbursementClaim.objects.get(pk=fine.pk).status == "paid"

    def test_in_english_the_error_is_english_and_the_typed_reason_kept(self, client, finance):
        claim = approved()
        batch = exports.create_batch(by=finance)
        client.force_login(finance)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = client.get(batch.get_absolute_url()).content.decode()
        assert "Transfers in this payment batch" in page and "Mark 1 transfer as paid" in page
        response = client.post(reverse("trajectories:finance_record_return", args=[batch.pk, claim.pk]),
                               {f"claim-{claim.pk}-reason": "x" * 301})
        page = response.content.decode()
        assert response.status_code == 400 and "The reason is too long (at most 300 characters, now 301)" in page
        assert 'value="' + "x" * 301 + '"' in page

    def test_the_claim_page_of_finance_shows_the_return_without_a_form(self, client, finance):
        claim = approved()
        batch = exports.create_batch(by=finance)
        exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        client.force_login(finance)
        page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
        assert "De bank heeft de betaling teruggestuurd." in page and "De school controleert haar rekening" in page
        assert reverse("trajectories:claim_submit", args=[claim.trajectory_id]) not in page
        assert "teruggeboekt" in page

    @pytest.mark.parametrize("n", [1, 25])
    def test_batch_page_runs_a_constant_number_of_queries(self, client, finance, django_assert_max_num_queries, n):
        claims = [approved("100.00") for _ in range(n)]
        batch = exports.create_batch(by=finance)
        for claim in claims[: max(1, n // 2)]:
            exports.record_return(claim, batch=batch, reason="AC04", by=finance)
        client.force_login(finance)
        with django_assert_max_num_queries(9):
            assert client.get(reverse("trajectories:finance_batch_detail", args=[batch.pk])).status_code == 200

    def test_a_batch_of_nobody_else(self, client):
        batch = ExportBatch.objects.create(reference="LOB-X", created_by=UserFactory(roles=[Role.FINANCE]))
        client.force_login(UserFactory(roles=[Role.STAFF]))
        assert client.get(reverse("trajectories:finance_batch_detail", args=[batch.pk])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_return_racing_mark_paid_ends_returned_and_unpaid(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI always has it)")
    settings.MEDIA_ROOT = str(tmp_path)
    finance = UserFactory(roles=[Role.FINANCE])
    for _round in range(3):
        claim = approved()
        batch = exports.create_batch(by=finance)

        def act(what, claim=claim, batch=batch):
            if what == "pay":
                return exports.mark_paid(batch, by=finance)
            return exports.record_return(claim, batch=batch, reason="AC04", by=finance).pk

        paid, returned = race(act, ["pay", "return"])
        claim.refresh_from_db()
        assert claim.status == "returned" and claim.batch is None and claim.paid_at is None
        assert paid in (0, 1) and PaymentReturn.objects.filter(pk=returned, claim=claim, batch=batch).exists()
        transitions = list(StatusChange.objects.filter(object_id=claim.pk, content_type__model="reimbursementclaim")
                           .order_by("pk").values_list("transition", flat=True))
        assert transitions[-1] == "record_return" and transitions.count("mark_paid") == paid
