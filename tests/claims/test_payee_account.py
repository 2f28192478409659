"""Issue 16: a payee account is never the programme's own (debtor) account, and an IBAN on the claims of two
different schools is flagged to finance (queue, claim page, batch preview)."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.claims.helpers import log, trajectory_with_group
from tests.factories import MeetingFactory, ReimbursementClaimFactory, UserFactory
from trajectories.models import ReimbursementClaim
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db
DEBTOR = "NL20INGB0001234567"


@pytest.fixture(autouse=True)
def debtor(settings):
    settings.LOBMATCH_DEBTOR_IBAN = DEBTOR


def draft():
    trajectory, members = trajectory_with_group(3)
    log(MeetingFactory(trajectory=trajectory, number=1), {m.pk: D("4") for m in members})
    return claim_service.ensure_claim(trajectory)


@pytest.mark.parametrize("typed", [DEBTOR, "nl20 ingb 0001 2345 67"])
def test_the_programmes_own_account_is_refused_on_submit(client, typed):
    claim = draft()
    client.force_login(claim.trajectory.application.created_by)
    response = client.post(reverse("trajectories:claim_submit", args=[claim.trajectory_id]),
                           {"iban": typed, "account_holder": "Stichting X"})
    page = response.content.decode()
    assert "Dit is de rekening van het programma LOB Ambassadeurs zelf" in page
    # said once in the summary at the top (focused) and once at the form, not three times
    assert page.count("Dit is de rekening van het programma LOB Ambassadeurs zelf") == 2
    assert page.count('id="error-summary"') == 1
    assert f'value="{typed}"' in page  # nothing typed is lost
    assert ReimbursementClaim.objects.get(pk=claim.pk).status == "draft"


def test_nor_when_the_school_corrects_its_account_after_a_return():
    claim = ReimbursementClaimFactory(status="returned", amount=D("100"))
    with pytest.raises(claim_service.ClaimError, match="rekening van het programma"):
        claim_service.correct_account(claim, iban=DEBTOR, account_holder="X", by=claim.trajectory.application.created_by)
    assert ReimbursementClaim.objects.get(pk=claim.pk).iban == "NL91ABNA0417164300"


def test_an_iban_of_two_schools_is_flagged_to_finance(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    shared = "NL44RABO0123456789"
    a = ReimbursementClaimFactory(status="submitted", amount=D("100"), iban=shared)
    b = ReimbursementClaimFactory(status="approved", amount=D("50"), iban=shared)
    alone = ReimbursementClaimFactory(status="approved", amount=D("70"), iban="NL02ABNA0123456789")
    # the same school's second claim (another tranche) on its own account is no flag
    ReimbursementClaimFactory(status="approved", amount=D("20"), iban="NL02ABNA0123456789",
                              trajectory__application__school=alone.trajectory.application.school)
    name_a, name_b = (c.trajectory.application.school.name for c in (a, b))
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    queue = client.get(reverse("trajectories:finance_claims"), {"status": "all"}).content.decode()
    assert queue.count("IBAN ook bij") == 2 and f"IBAN ook bij {name_b}" in queue
    page = client.get(reverse("trajectories:claim_detail", args=[a.trajectory_id])).content.decode()
    assert f"IBAN NL44 RABO 0123 4567 89 staat ook op de declaratie van {name_b}." in page
    page = client.get(reverse("trajectories:claim_detail", args=[alone.trajectory_id])).content.decode()
    assert "staat ook op de declaratie van" not in page
    preview = client.get(reverse("trajectories:finance_batch_preview")).content.decode()
    assert f"IBAN ook bij {name_a}" in preview and preview.count("IBAN ook bij") == 1
    assert "1 overboeking gaat naar een IBAN dat ook op de declaratie van een andere school staat." in preview


def test_an_account_on_many_schools_claims_is_flagged_without_listing_them_all(client):
    for _ in range(6):
        ReimbursementClaimFactory(status="submitted", amount=D("10"), iban="NL44RABO0123456789")
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    queue = client.get(reverse("trajectories:finance_claims")).content.decode()
    assert queue.count("IBAN ook bij") == 6 and queue.count("en 2 andere") == 6


def test_an_iban_is_shown_in_groups_of_four_and_a_masked_one_as_it_is():
    from lobmatch.templatetags.lobmatch import iban

    assert iban("nl91abna0417164300") == "NL91 ABNA 0417 1643 00"
    assert iban(" NL91 ABNA 0417164300 ") == "NL91 ABNA 0417 1643 00"
    assert iban("**************4300") == "**************4300"  # anonymised after the retention period
    assert iban("") == "" and iban(None) == ""
