"""A payment file is frozen once made and the bank refuses an account that fails its check. An approved claim whose
account no longer passes the rule of the claim form (services.accounts) is marked in the preview, and making the file
is refused with what to do (hold it back, ask the school); the other claims can still be paid."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import ReimbursementClaimFactory, UserFactory
from trajectories.models import ExportBatch, ReimbursementClaim
from trajectories.services import exports

pytestmark = pytest.mark.django_db

WRONG_CHECK_DIGITS = "NL00RABO0123456789"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def finance(client):
    user = UserFactory(roles=[Role.FINANCE])
    client.force_login(user)
    return user


def approved(**kwargs):
    return ReimbursementClaimFactory(status="approved", amount=D("100.00"), counted_hours=D("2"), **kwargs)


def test_a_claim_whose_iban_fails_its_check_is_refused_and_nothing_is_written(client, finance):
    good, bad = approved(account_holder="Stichting A"), approved(iban=WRONG_CHECK_DIGITS, account_holder="Stichting B")
    page = client.get(reverse("trajectories:finance_batch_preview")).content.decode()
    assert page.count("Rekening klopt niet: houd deze declaratie tegen") == 1
    with pytest.raises(exports.ExportError, match=f"Declaratie {bad.pk} .*Houd de declaratie tegen"):
        exports.create_batch(by=finance, claim_ids=[good.pk, bad.pk], total=D("200.00"))
    response = client.post(reverse("trajectories:finance_batch_preview"),
                           {"claim_ids": f"{good.pk},{bad.pk}", "total": "200.00"})
    assert response.status_code == 409 and "Houd de declaratie tegen" in response.content.decode()
    assert not ExportBatch.objects.exists()
    assert ReimbursementClaim.objects.get(pk=bad.pk).status == ReimbursementClaim.Status.APPROVED


def test_the_other_claims_are_paid_once_the_wrong_account_is_held_back(finance):
    good, bad = approved(account_holder="Stichting A"), approved(iban=WRONG_CHECK_DIGITS, account_holder="Stichting B")
    batch = exports.create_batch(by=finance, claim_ids=[good.pk], held_ids=[bad.pk], total=D("100.00"))
    assert list(batch.claims.values_list("pk", flat=True)) == [good.pk]
    assert WRONG_CHECK_DIGITS.encode() not in batch.sepa_file.read()
