"""Submitting a claim sends the school a receipt: the claim's number (which the transfer will quote), the amount, the
account it gave (its last four characters only) and what happens next. Once per submission: submitting again after
a rejection sends a new receipt, a refused second submit sends nothing."""


import pytest

from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role
from tests.claims.helpers import IBAN, submitted_claim
from tests.factories import UserFactory
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db


def receipts():
    return list(OutboxMessage.objects.filter(payload__template="claim_submitted").order_by("pk"))


def submitted(language="nl"):
    return submitted_claim(language)


def test_the_receipt_gives_the_number_amount_and_account_end():
    claim, school = submitted()
    [mail] = receipts()
    assert mail.payload["to"] == [school.email]
    message = render_message(mail.payload)
    assert "Declaratie verletkosten ontvangen" in message.subject
    body = message.body
    assert f"Het nummer is {claim.pk}" in body and "€\u00a0660,00" in body
    assert f"het IBAN dat eindigt op {claim.iban[-4:]}" in body and claim.iban not in body
    assert "U krijgt bericht zodra zij heeft besloten" in body


def test_in_english_for_a_school_that_chose_english():
    claim, _school = submitted("en")
    body = render_message(receipts()[0].payload).body
    assert f"number is {claim.pk}" in body and "Het nummer" not in body


def test_one_receipt_per_submission():
    claim, school = submitted()
    with pytest.raises(claim_service.ClaimError):
        claim_service.submit_claim(claim, iban=IBAN, account_holder="X", by=school)
    assert len(receipts()) == 1
    claim_service.decide(claim, approve=False, reason="presentielijst ontbreekt", by=UserFactory(roles=[Role.FINANCE]))
    claim_service.submit_claim(claim, iban=IBAN, account_holder="X", by=school)
    assert len(receipts()) == 2
