"""Pressing "Declaratie indienen" asked "cannot be changed afterwards, submit?" in the browser first, and only then did
the server check the IBAN and refuse it: the question was pointless and alarming. Now the server checks first (the
service that submits), and asks on a page of its own only when the claim can go in: the amount, the account and the
holder, with "Declaratie indienen" and "Wijzigen". Nothing typed is lost on any path."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from lobmatch.models import OutboxMessage
from tests.claims.helpers import log, trajectory_with_group
from tests.factories import MeetingFactory
from tests.questions import asked_by_the_server
from trajectories.models import ReimbursementClaim
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db
TYPED = "nl91 abna 0417 1643 00"


@pytest.fixture
def claim(client):
    trajectory, members = trajectory_with_group(3)
    log(MeetingFactory(trajectory=trajectory, number=1), {m.pk: D("4") for m in members})  # € 660
    client.force_login(trajectory.application.created_by)
    return claim_service.ensure_claim(trajectory)


def url(claim):
    return reverse("trajectories:claim_submit", args=[claim.trajectory_id])


def receipts():
    return OutboxMessage.objects.filter(payload__template="claim_submitted").count()


def test_a_wrong_iban_is_refused_at_the_field_without_a_question_first(client, claim):
    page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
    form = page[page.index('id="indienen"'):]
    assert "data-confirm" not in form  # the browser asks nothing before the server has checked
    response = client.post(url(claim), {"iban": "NL91 ABNA 0417 1643 01", "account_holder": "Stichting X"})
    page = response.content.decode()
    assert response.status_code == 200 and asked_by_the_server(response) is None
    assert "Declaratie indienen: controleren" not in page and "indienen?" not in page
    assert 'id="error_1_id_iban"' in page and "Dit IBAN klopt niet" in page  # at the field, and in the summary
    assert 'value="NL91 ABNA 0417 1643 01"' in page and 'value="Stichting X"' in page
    assert ReimbursementClaim.objects.get(pk=claim.pk).status == "draft" and receipts() == 0


def test_a_claim_that_can_go_in_is_shown_to_confirm_and_goes_in_once_confirmed(client, claim):
    response = client.post(url(claim), {"iban": TYPED, "account_holder": "Stichting X"})
    page = response.content.decode()
    assert asked_by_the_server(response) == {"iban": TYPED, "account_holder": "Stichting X", "amount": "660.00"}
    assert "Declaratie indienen: controleren" in page
    assert "De declaratie van €\u00a0660,00 indienen? Daarna beoordeelt de financiële administratie haar" in page
    assert "NL91 ABNA 0417 1643 00" in page and "Stichting X" in page
    assert ReimbursementClaim.objects.get(pk=claim.pk).status == "draft" and receipts() == 0  # asked, not done
    response = client.post(url(claim), {**asked_by_the_server(response), "step": "confirm"}, follow=True)
    assert "Uw declaratie is ingediend" in response.content.decode()
    submitted = ReimbursementClaim.objects.get(pk=claim.pk)
    assert (submitted.status, submitted.amount, submitted.iban) == ("submitted", D("660.00"), "NL91ABNA0417164300")
    assert receipts() == 1


def test_changing_after_the_question_shows_the_form_as_typed(client, claim):
    kept = asked_by_the_server(client.post(url(claim), {"iban": TYPED, "account_holder": "Stichting X"}))
    response = client.post(url(claim), {**kept, "step": "change"})
    page = response.content.decode()
    assert response.status_code == 200 and asked_by_the_server(response) is None
    assert f'value="{TYPED}"' in page and 'value="Stichting X"' in page
    assert "data-keeps-edits data-unsaved>" in page and 'id="error-summary"' not in page  # not saved; no error
    assert ReimbursementClaim.objects.get(pk=claim.pk).status == "draft"


def test_an_amount_that_changed_after_the_question_is_not_submitted(client, claim):
    kept = asked_by_the_server(client.post(url(claim), {"iban": TYPED, "account_holder": "Stichting X"}))
    members = claim.trajectory.application.members.all()
    log(claim.trajectory.meetings.get(number=1), {m.pk: D("2") for m in members})  # the adviser corrects the log meanwhile: € 330
    response = client.post(url(claim), {**kept, "step": "confirm"})
    page = response.content.decode()
    assert "Het bedrag is veranderd sinds u het controleerde: volgens de verslagen is het nu €\u00a0330,00" in page
    assert f'value="{TYPED}"' in page and ReimbursementClaim.objects.get(pk=claim.pk).status == "draft"
    with pytest.raises(claim_service.ClaimError, match="Het bedrag is veranderd"):  # whoever calls the service
        claim_service.submit_claim(claim, iban=TYPED, account_holder="X", by=claim.trajectory.application.created_by,
                                   amount=D("660.00"))
    # asked again, now with the amount of the logs
    assert asked_by_the_server(client.post(url(claim), {"iban": TYPED, "account_holder": "Stichting X"}))[
        "amount"] == "330.00"


def test_the_check_refuses_what_submitting_refuses_and_saves_nothing(claim):
    with pytest.raises(claim_service.ClaimError, match="tenaamstelling"):
        claim_service.check_submission(claim, iban=TYPED, account_holder=" ")
    submission = claim_service.check_submission(claim, iban=TYPED, account_holder="Stichting X")
    assert (submission.amount, submission.iban, submission.bic) == (D("660.00"), "NL91ABNA0417164300", "ABNANL2A")
    claim.refresh_from_db()
    assert (claim.status, claim.iban, claim.amount) == ("draft", "", D("0"))
