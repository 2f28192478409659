"""The decision mail says, in correct Dutch (and English), what happens next. A rejection says what the school can do:
the hours come from the adviser's logs, so it asks the adviser to correct a log, or changes its account, and submits
again. An approval names the account the money goes to (not the whole number) and where the payment date will
show, without the office's word for a payment file."""

from decimal import Decimal as D

import pytest

from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role
from tests.claims.helpers import IBAN, submitted_claim
from tests.factories import UserFactory
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db


def decided_mail(*, approve: bool, language="nl"):
    """A claim of 3 members × 4 hours (€ 660) submitted by a school in ``language`` and decided; its mail's body."""
    claim, _school = submitted_claim(language)
    trajectory = claim.trajectory
    claim_service.decide(claim, approve=approve, reason="" if approve else "presentielijst ontbreekt",
                         amount=D("660.00") if approve else None, by=UserFactory(roles=[Role.FINANCE]))
    return trajectory, render_message(OutboxMessage.objects.get(payload__template="claim_decided").payload).body


def rejected_mail(language="nl"):
    return decided_mail(approve=False, language=language)


def test_the_rejection_says_what_the_school_can_do():
    trajectory, body = rejected_mail()
    assert "omdat u hebt" not in body and "U kunt de declaratie aanpassen" not in body
    assert "omdat u namens uw school een declaratie verletkosten hebt ingediend" in body
    assert "De uren in de declaratie komen uit de verslagen van de externe adviseur" in body
    assert f"Vraag dan uw adviseur, {trajectory.adviser} ({trajectory.adviser.user.email}), het verslag" in body
    assert "het juiste IBAN en de juiste tenaamstelling" in body
    assert "Dien de declaratie daarna opnieuw in" in body and "presentielijst ontbreekt" in body


def test_in_english_for_a_school_that_chose_english():
    trajectory, body = rejected_mail("en")
    assert "come from the external adviser's session reports" in body
    assert f"ask your adviser, {trajectory.adviser} ({trajectory.adviser.user.email}), to correct" in body
    assert "you submitted a claim for absence costs on behalf of your school" in body
    assert "De uren" not in body


def approved_mail(language="nl"):
    return decided_mail(approve=True, language=language)[1]


def test_the_approval_names_the_account_and_where_the_payment_date_will_show():
    body = approved_mail()
    assert "goedgekeurd" in body and "betaalbestand" not in body
    assert f"Stichting Testcollege, het IBAN dat eindigt op {IBAN.replace(' ', '')[-4:]}." in body
    assert IBAN.replace(" ", "") not in body.replace(" ", "")  # not the whole account number
    assert "Zodra uw bedrag is betaald, ziet u de datum van betaling bij de declaratie." in body


def test_the_approval_in_english():
    body = approved_mail("en")
    assert "the IBAN ending in" in body and "you will see the payment date with the claim" in body
