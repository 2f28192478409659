"""The payment files and the bank statement name a claim by its number (in the transfer's reference "LOB-…-<number>"
and its description "declaratie <number>"). Finance finds it by that number, the school, its BRIN or the IBAN, in
every status, and every claim page shows its number."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role
from tests.factories import ReimbursementClaimFactory, SchoolFactory, UserFactory, export_batch
from trajectories.services import claims as claim_service
from trajectories.services import exports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def finance():
    return UserFactory(roles=[Role.FINANCE])


def claim(status, school_name, iban="NL91ABNA0417164300"):
    made = ReimbursementClaimFactory(status=status, amount=D("100.00"), counted_hours=D("2"), iban=iban)
    school = made.trajectory.application.school
    school.name = school_name
    school.save()
    return made


def found(client, query, **extra):
    page = client.get(reverse("trajectories:finance_claims"), {"q": query, **extra}).content.decode()
    return page


def test_finance_finds_a_paid_claim_by_the_reference_on_the_bank_statement(client, finance):
    paid = claim("approved", "Het Baken")
    other = claim("submitted", "De Brug", iban="NL44RABO0123456789")
    batch = export_batch(finance)
    reference = exports.end_to_end_id(batch.reference, paid.pk)
    client.force_login(finance)
    for query in (reference, f"declaratie {paid.pk}", str(paid.pk), "baken", "NL91 ABNA 0417 1643 00"):
        page = found(client, query)
        assert "Het Baken" in page and "De Brug" not in page, query
        assert f'<td class="font-monospace">{paid.pk}</td>' in page
    brin = other.trajectory.application.school.brin
    page = found(client, brin.lower())
    assert "De Brug" in page and "Het Baken" not in page
    # a search with a status chosen stays in that status
    assert "Het Baken" not in found(client, "baken", status="submitted")
    page = found(client, "niemand")
    assert "Geen declaraties gevonden." in page and 'value="niemand"' in page
    assert "Kies bij Status" not in page  # it searched every status already
    assert "Kies bij Status 'alle'" in found(client, "niemand", status="submitted")
    # the search form has no status of its own: a search typed on the queue (status 'ingediend') looks everywhere
    queue = client.get(reverse("trajectories:finance_claims")).content.decode()
    search_form = queue[queue.index('role="search"'):].split("</form>")[0]
    assert 'name="q"' in search_form and 'name="status"' not in search_form


def test_finance_finds_a_claim_by_the_account_the_bank_sent_the_money_back_from(client, finance):
    returned = claim("approved", "Het Baken", iban="NL82RABO3000000029")
    batch = export_batch(finance)
    exports.record_return(returned, batch=batch, reason="AC04", by=finance)
    claim_service.correct_account(returned, iban="NL44 RABO 0123 4567 89", account_holder="Stichting Baken",
                                  by=returned.trajectory.application.created_by)
    client.force_login(finance)
    assert "Het Baken" in found(client, "NL82 RABO 3000 0000 29")
    assert "Het Baken" in found(client, "NL44RABO0123456789")


def test_finance_finds_the_claims_of_a_payment_file_by_its_reference(client, finance):
    """The reference the bank statement gives the whole file ("LOB-20261207-164618") found nothing: only a
    transfer's own reference (with the claim's number) did."""
    claim("approved", "Het Baken")
    returned = claim("approved", "De Brug", iban="NL82RABO3000000029")
    outside = claim("approved", "De Kring", iban="NL44RABO0123456789")
    batch = export_batch(finance)
    outside.status = "approved"
    outside.batch = None
    outside.save()
    exports.record_return(returned, batch=batch, reason="AC04", by=finance)
    client.force_login(finance)
    for query in (batch.reference, f" {batch.reference.lower()} "):
        page = found(client, query)
        assert "Het Baken" in page and "De Brug" in page and "De Kring" not in page, query


def test_the_claim_page_shows_the_number_once_submitted(client, finance):
    submitted = claim("submitted", "Het Baken")
    client.force_login(finance)
    page = client.get(reverse("trajectories:claim_detail", args=[submitted.trajectory_id])).content.decode()
    assert f'nummer <span class="font-monospace">{submitted.pk}</span>' in page


@pytest.mark.parametrize("query", ["", "school", "brin", "number"])
def test_the_search_keeps_the_queue_at_a_constant_number_of_queries(client, finance, django_assert_num_queries,
                                                                    query):
    claims = [claim("submitted", f"School {i}") for i in range(3)]
    SchoolFactory()
    query = {"brin": claims[0].trajectory.application.school.brin, "number": str(claims[1].pk)}.get(query, query)
    client.force_login(finance)
    client.get(reverse("trajectories:finance_claims"), {"q": query})
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(reverse("trajectories:finance_claims"), {"q": query}).status_code == 200


QUEUE_QUERIES = 8  # one claim found or three


def test_the_claims_downloads_and_the_return_mail_carry_its_number(client, finance):
    paid = claim("approved", "Het Baken")
    batch = export_batch(finance)
    client.force_login(paid.trajectory.application.created_by)
    csv_response = client.get(reverse("trajectories:claim_csv", args=[paid.trajectory_id]))
    assert f'filename="declaratie-{paid.pk}.csv"' in csv_response["Content-Disposition"]
    pdf_response = client.get(reverse("trajectories:claim_statement_pdf", args=[paid.trajectory_id]))
    assert f"declaratie-{paid.pk}.pdf" in pdf_response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf_response.streaming_content)
                                                                           if pdf_response.streaming else
                                                                           pdf_response.content)).pages)
    assert f"nummer {paid.pk} ·" in text
    exports.record_return(paid, batch=batch, reason="AC04", by=finance)
    mail = OutboxMessage.objects.get(payload__template="claim_returned")
    assert f"declaratie verletkosten {paid.pk} (" in render_message(mail.payload).body


def test_a_batch_reference_holds_no_number_but_the_claims_own(finance, time_machine):
    """"LOB-…-3-3" made a clerk look for a claim 3 twice: the batch is named by the moment it was made, and only the
    transfer adds its claim's number. A second batch in the same second gets a reference of its own."""
    time_machine.move_to("2026-12-07 14:30:05+01:00", tick=False)
    first = claim("approved", "Het Baken")
    batch = export_batch(finance)
    assert batch.reference == "LOB-20261207-143005"
    assert exports.end_to_end_id(batch.reference, first.pk) == f"LOB-20261207-143005-{first.pk}"
    claim("approved", "De Brug")
    assert export_batch(finance).reference == "LOB-20261207-143005-2"
    assert exports.batch_reference(batch.created_at) == "LOB-20261207-143005-3"
