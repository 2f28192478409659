"""The account on a claim: any valid IBAN of the SEPA zone (the payment file is a SEPA credit transfer), which the
claim page and the receipt name as foreign when it is not Dutch; an IBAN outside SEPA is refused, saying why. A
foreign account used to go in without a word, and the refusal of a wrong IBAN described only a Dutch one."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role
from tests.claims.helpers import log, trajectory_with_group
from tests.factories import MeetingFactory, ReimbursementClaimFactory, UserFactory, export_batch
from tests.questions import post_and_confirm
from trajectories.models import ReimbursementClaim
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db
BELGIAN = "BE68 5390 0754 7034"
TURKISH = "TR33 0006 1005 1978 6457 8413 26"  # a valid IBAN, but Turkey is not in SEPA


def draft():
    trajectory, members = trajectory_with_group(3)
    log(MeetingFactory(trajectory=trajectory, number=1), {m.pk: D("4") for m in members})
    return claim_service.ensure_claim(trajectory)


def submit(client, claim, iban):
    client.force_login(claim.trajectory.application.created_by)
    return post_and_confirm(client, reverse("trajectories:claim_submit", args=[claim.trajectory_id]),
                            {"iban": iban, "account_holder": "Stichting X"})


def test_one_rule_decides_a_sepa_account_passes_and_one_outside_sepa_is_refused_with_its_country():
    assert claim_service.validate_iban(BELGIAN) == ("BE68539007547034", "")
    assert claim_service.validate_iban("DE89 3704 0044 0532 0130 00") == ("DE89370400440532013000", "COBADEFFXXX")
    with pytest.raises(claim_service.ClaimError) as refused:
        claim_service.validate_iban(TURKISH)
    assert "rekening in Turkije" in str(refused.value) and "SEPA-land" in str(refused.value)
    assert "klopt niet" not in str(refused.value)  # the number is right; the country is the reason
    # A foreign IBAN with a wrong check digit: the message says it is wrong and does not describe only a Dutch one.
    with pytest.raises(claim_service.ClaimError) as wrong:
        claim_service.validate_iban("BE68 5390 0754 7035")
    assert "Dit IBAN klopt niet" in str(wrong.value) and "ander SEPA-land" in str(wrong.value)


def test_an_account_outside_sepa_is_refused_on_the_page_and_nothing_typed_is_lost(client):
    claim = draft()
    page = submit(client, claim, TURKISH).content.decode()
    assert "Dit IBAN is van een rekening in Turkije" in page
    assert "Nog niet ingediend. Controleer het volgende:" in page  # a refused submit, not a save
    assert f'value="{TURKISH}"' in page and 'value="Stichting X"' in page
    assert ReimbursementClaim.objects.get(pk=claim.pk).status == "draft"


def test_a_belgian_account_is_accepted_and_named_foreign_on_the_claim_page_and_in_the_receipt(client):
    claim = draft()
    assert submit(client, claim, BELGIAN).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.iban) == ("submitted", "BE68539007547034")
    page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
    assert "BE68 5390 0754 7034" in page and "buitenlandse rekening: België" in page
    [receipt] = OutboxMessage.objects.filter(payload__template="claim_submitted")
    body = render_message(receipt.payload).body
    assert "Let op: dit is een buitenlandse rekening, in België." in body
    # Finance sees it where it approves.
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
    approve = re.search(r"Goedkeuren keurt .*?</p>", page, re.S).group(0)
    assert "Let op: dit is een buitenlandse rekening, in België." in approve


def test_a_dutch_account_is_not_called_foreign(client):
    claim = draft()
    assert submit(client, claim, "NL91 ABNA 0417 1643 00").status_code == 302
    page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
    assert "buitenlandse rekening" not in page
    [receipt] = OutboxMessage.objects.filter(payload__template="claim_submitted")
    assert "buitenlandse rekening" not in render_message(receipt.payload).body


def test_the_payment_file_pays_a_foreign_sepa_account(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    ReimbursementClaimFactory(status="approved", amount=D("100.00"), iban="BE68539007547034", bic="")
    batch = export_batch(UserFactory(roles=[Role.FINANCE]))
    sepa = batch.sepa_file.open("rb").read()
    assert b"<IBAN>BE68539007547034</IBAN>" in sepa
