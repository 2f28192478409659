"""Issue 16: money steps show what they do and ask to confirm. Approving confirms the amount that was shown, a batch
is written only for the claims and total of its preview, and marking paid records the payment date (not in the
future, not before the batch was made), shown in the history and on the school's claim page."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import Role, StatusChange
from tests.claims.helpers import IBAN, log, trajectory_with_group
from tests.factories import MeetingFactory, ReimbursementClaimFactory, UserFactory, export_batch
from tests.questions import asked_by_the_server, post_and_confirm
from trajectories.models import ExportBatch, ReimbursementClaim
from trajectories.services import claims as claim_service
from trajectories.services import exports

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    return UserFactory(roles=[Role.FINANCE])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def submitted(hours="4"):
    trajectory, members = trajectory_with_group(3)
    meeting = MeetingFactory(trajectory=trajectory, number=1)
    log(meeting, {m.pk: D(hours) for m in members})
    claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN, account_holder="X",
                                       by=trajectory.application.created_by)
    return claim, meeting, members


class TestApprove:
    def test_approving_confirms_the_amount_that_was_shown(self, finance):
        claim, _meeting, _members = submitted()
        assert claim.amount == D("660.00")
        with pytest.raises(claim_service.ClaimError, match="Het bedrag is nu"):
            claim_service.decide(claim, approve=True, reason="", by=finance)  # no amount seen
        with pytest.raises(claim_service.ClaimError, match="Het bedrag is nu €\u00a0660,00"):
            claim_service.decide(claim, approve=True, reason="", by=finance, amount=D("550.00"))
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "submitted"
        claim_service.decide(claim, approve=True, reason="", by=finance, amount=D("660.00"))
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "approved"

    def test_a_log_saved_after_finance_looked_stops_the_approval(self, client, finance):
        claim, meeting, members = submitted()
        client.force_login(finance)
        page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
        assert "€\u00a0660,00 goedkeuren" in page and 'name="amount" value="660.00"' in page
        log(meeting, {m.pk: D("2") for m in members})  # the adviser corrects the log meanwhile
        response = client.post(reverse("trajectories:finance_decide", args=[claim.pk]),
                               {"decision": "approve", "amount": "660.00"}, follow=True)
        assert ReimbursementClaim.objects.get(pk=claim.pk).status == "submitted"
        assert "Het bedrag is nu €\u00a0330,00" in response.content.decode()
        assert "€\u00a0330,00 goedkeuren" in response.content.decode()  # back on the claim page, new amount

    def test_the_queue_sends_finance_to_the_claim_page_to_approve(self, client, finance):
        claim, _meeting, _members = submitted()
        client.force_login(finance)
        page = client.get(reverse("trajectories:finance_claims")).content.decode()
        assert 'value="approve"' not in page
        assert reverse("trajectories:claim_detail", args=[claim.trajectory_id]) in page
        assert "Controleren en goedkeuren" in page


def approved(amount="100.00", **kwargs):
    return ReimbursementClaimFactory(status="approved", amount=D(amount), counted_hours=D("2"), **kwargs)


class TestBatchPreview:
    def test_the_preview_shows_claims_total_and_payee_accounts_and_writes_nothing(self, client, finance):
        a, b = approved("100.00", account_holder="Stichting A"), approved("50.50", iban="NL44RABO0123456789",
                                                                         account_holder="Stichting B")
        client.force_login(finance)
        page = client.get(reverse("trajectories:finance_batch_preview")).content.decode()
        assert "Er komen 2 overboekingen in het bestand, samen €\u00a0150,50." in page
        assert "Stichting A" in page and "Stichting B" in page and "NL44 RABO 0123 4567 89" in page
        assert f'value="{a.pk},{b.pk}"' in page and 'value="150.50"' in page
        assert "Bevestigen: betaalbestand maken (€\u00a0150,50)" in page
        assert not ExportBatch.objects.exists()
        response = client.post(reverse("trajectories:finance_batch_preview"),
                               {"claim_ids": f"{a.pk},{b.pk}", "total": "150.50"})
        batch = ExportBatch.objects.get()
        assert response.status_code == 302 and response.url == batch.get_absolute_url()
        assert set(batch.claims.values_list("pk", flat=True)) == {a.pk, b.pk}

    def test_a_claim_approved_after_the_preview_is_not_paid_unseen(self, client, finance):
        a = approved("100.00")
        client.force_login(finance)
        client.get(reverse("trajectories:finance_batch_preview"))
        late = approved("70.00")  # approved in another tab meanwhile
        response = client.post(reverse("trajectories:finance_batch_preview"),
                               {"claim_ids": f"{a.pk}", "total": "100.00"})
        assert response.status_code == 409 and not ExportBatch.objects.exists()
        page = response.content.decode()
        assert "veranderd sinds het voorbeeld (nu 2, samen €\u00a0170,00)" in page
        assert f'value="{a.pk},{late.pk}"' in page  # the new preview, to confirm again
        with pytest.raises(exports.ExportError):  # the service itself refuses, whoever calls it
            exports.create_batch(by=finance, claim_ids=[a.pk], total=D("100.00"))
        with pytest.raises(exports.ExportError):  # the same ids with another total: an amount changed
            exports.create_batch(by=finance, claim_ids=[a.pk, late.pk], total=D("100.00"))
        assert not ExportBatch.objects.exists()

    def test_finance_holds_back_a_claim_and_it_stays_approved_for_the_next_file(self, client, finance):
        shared = "NL44RABO0123456789"
        a, b = approved("100.00", iban=shared), approved("40.00", iban=shared)  # two schools, one account
        c = approved("10.00")
        client.force_login(finance)
        url = reverse("trajectories:finance_batch_preview")
        page = client.get(url).content.decode()
        assert "Twijfelt u, houd de declaratie dan tegen" in page
        assert f"{url}?tegenhouden={b.pk}" in page  # each row's link
        page = client.get(url, {"tegenhouden": f"{b.pk},999999,x"}).content.decode()  # unknown ids are dropped
        assert "Er komen 2 overboekingen in het bestand, samen €\u00a0110,00." in page
        assert "Tegengehouden" in page and f"{url}?tegenhouden=" not in page.split("Tegengehouden")[1].split(
            "Toch meenemen")[0]  # (its link takes the hold away: the plain preview address)
        assert f'value="{a.pk},{c.pk}"' in page and f'name="held_ids" value="{b.pk}"' in page
        response = client.post(url, {"claim_ids": f"{a.pk},{c.pk}", "held_ids": f"{b.pk}", "total": "110.00"})
        batch = ExportBatch.objects.get()
        assert response.status_code == 302 and set(batch.claims.values_list("pk", flat=True)) == {a.pk, c.pk}
        assert batch.total_amount == D("110.00")
        assert ReimbursementClaim.objects.get(pk=b.pk).status == "approved"
        page = client.get(url).content.decode()  # the next file has it again
        assert "Er komt 1 overboeking in het bestand, samen €\u00a040,00." in page and "Tegengehouden" not in page

    def test_holding_back_every_claim_or_one_approved_elsewhere_writes_nothing(self, client, finance):
        a, b = approved("100.00"), approved("40.00")
        client.force_login(finance)
        url = reverse("trajectories:finance_batch_preview")
        page = client.get(url, {"tegenhouden": f"{a.pk},{b.pk}"}).content.decode()
        assert "U houdt alle declaraties tegen" in page and "Bevestigen: betaalbestand maken" not in page
        with pytest.raises(exports.ExportError, match="U houdt alle declaraties tegen"):
            exports.create_batch(by=finance, claim_ids=[], held_ids=[a.pk, b.pk], total=D("0.00"))
        response = client.post(url, {"claim_ids": "", "held_ids": f"{a.pk},{b.pk}", "total": "0.00"})
        assert response.status_code == 409 and "U houdt alle declaraties tegen" in response.content.decode()
        # the claim held back was rejected meanwhile: the preview changed, nothing is written
        ReimbursementClaim.objects.filter(pk=b.pk).update(status="rejected")
        with pytest.raises(exports.ExportError, match="veranderd sinds het voorbeeld"):
            exports.create_batch(by=finance, claim_ids=[a.pk], held_ids=[b.pk], total=D("100.00"))
        assert not ExportBatch.objects.exists()

    @pytest.mark.parametrize("n", [1, 12])
    def test_the_preview_runs_a_constant_number_of_queries(self, client, finance, django_assert_num_queries, n):
        for i in range(n):
            approved(iban="NL44RABO0123456789" if i % 2 else "NL91ABNA0417164300")
        client.force_login(finance)
        client.get(reverse("trajectories:finance_batch_preview"))
        with django_assert_num_queries(QUERIES_PREVIEW):
            assert client.get(reverse("trajectories:finance_batch_preview")).status_code == 200


QUERIES_PREVIEW = 5  # the same for 1 and 12 claims


class TestMarkPaid:
    def test_the_payment_date_is_asked_checked_and_shown(self, client, finance):
        claim, _meeting, _members = submitted()
        claim_service.decide(claim, approve=True, reason="", by=finance, amount=claim.amount)
        with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)):
            batch = export_batch(finance)
        mark = reverse("trajectories:finance_mark_paid", args=[batch.pk])
        client.force_login(finance)
        with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC)):
            page = client.get(batch.get_absolute_url()).content.decode()
            assert 'type="date"' in page and 'min="2026-11-02"' in page and 'max="2026-11-05"' in page
            for typed, message in [("", "Vul de datum in"), ("2026-11-06", "ligt in de toekomst"),
                                   ("2026-11-01", "vóór 02-11-2026"), ("31-02-2026", "geldige datum")]:
                response = client.post(mark, {"paid_on": typed})
                assert response.status_code == 400 and message in response.content.decode(), typed
                assert ReimbursementClaim.objects.get(pk=claim.pk).status == "exported"
            response = post_and_confirm(client, mark, {"paid_on": "2026-11-04"}, follow=True)
            assert "1 declaratie gemarkeerd als betaald op 04-11-2026." in response.content.decode()
            with pytest.raises(exports.ExportError, match="toekomst"):
                exports.mark_paid(batch, by=finance, paid_on=dt.date(2026, 11, 6))
        claim.refresh_from_db()
        assert claim.status == "paid" and claim.paid_on == dt.date(2026, 11, 4)
        change = StatusChange.objects.get(object_id=claim.pk, transition="mark_paid")
        assert change.reason == f"{batch.reference}, betaald op 04-11-2026"
        client.force_login(claim.trajectory.application.created_by)
        page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
        assert "Betaald op <strong>04-11-2026</strong>" in page and "betaald op 04-11-2026" in page


class TestTheDateIsCheckedBeforeTheQuestion:
    """The browser asked "als betaald vastleggen?" before the server looked at the date, and then refused it (in the
    future, before the batch was made): now the server checks first and asks only about a date it will record."""

    @pytest.fixture
    def batch(self, client, finance):
        claim, _meeting, _members = submitted()
        claim_service.decide(claim, approve=True, reason="", by=finance, amount=claim.amount)
        with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)):
            batch = export_batch(finance)
        client.force_login(finance)
        with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC)):
            yield batch

    def test_a_wrong_date_is_refused_at_the_field_without_a_question(self, client, batch):
        page = client.get(batch.get_absolute_url()).content.decode()
        assert "data-confirm" not in page[page.index('id="betaald"'):page.index("</form>", page.index('id="betaald"'))]
        response = client.post(reverse("trajectories:finance_mark_paid", args=[batch.pk]), {"paid_on": "2026-11-06"})
        page = response.content.decode()
        assert response.status_code == 400 and asked_by_the_server(response) is None
        assert "Betaling vastleggen: controleren" not in page
        assert 'id="id_paid_on-error">De betaaldatum ligt in de toekomst' in page and 'value="2026-11-06"' in page
        assert ExportBatch.objects.get(pk=batch.pk).paid_on is None

    def test_a_date_that_can_be_recorded_is_asked_about_then_recorded(self, client, batch):
        mark = reverse("trajectories:finance_mark_paid", args=[batch.pk])
        response = client.post(mark, {"paid_on": "2026-11-04"})
        page = response.content.decode()
        assert asked_by_the_server(response) == {"paid_on": "2026-11-04"}
        assert "Betaling vastleggen: controleren" in page and batch.reference in page
        assert "1 overboeking als betaald vastleggen? De school ziet de datum bij haar declaratie" in page
        assert "woensdag 4 november 2026" in page and "Markeer 1 overboeking als betaald" in page
        assert ExportBatch.objects.get(pk=batch.pk).paid_on is None  # asked, not done
        # "Wijzigen": the batch page with the date as typed, no error
        response = client.post(mark, {"paid_on": "2026-11-04", "step": "change"})
        page = response.content.decode()
        assert response.status_code == 200 and 'value="2026-11-04"' in page and 'id="error-summary"' not in page
        assert ExportBatch.objects.get(pk=batch.pk).paid_on is None
        response = client.post(mark, {"paid_on": "2026-11-04", "step": "confirm"})
        assert response.status_code == 302 and ExportBatch.objects.get(pk=batch.pk).paid_on == dt.date(2026, 11, 4)
        with pytest.raises(exports.ExportError, match="al als betaald gemarkeerd"):  # the check says so too
            exports.check_mark_paid(ExportBatch.objects.get(pk=batch.pk), dt.date(2026, 11, 4))


def test_the_dates_are_local_days(finance):
    """A batch made just after midnight in Amsterdam (still the day before in UTC) can be paid that same day."""
    approved()
    with time_machine.travel(dt.datetime(2026, 11, 2, 23, 30, tzinfo=dt.UTC)):  # 3 November, 00:30 Amsterdam
        batch = export_batch(finance)
        assert exports.mark_paid(batch, by=finance, paid_on=timezone.localdate()) == 1
    assert ReimbursementClaim.objects.get().paid_on == dt.date(2026, 11, 3)
