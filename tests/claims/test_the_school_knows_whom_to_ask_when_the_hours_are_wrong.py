"""The claim page asks the school to check the calculation; when an attendance or a number of hours is wrong, it
says whom to ask before submitting: the adviser, who corrects the session's log until the claim is approved, after
which the calculation follows by itself. Once submitted, the hint is gone (the amount went in as it was)."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from tests.claims.helpers import IBAN, log, trajectory_with_group
from tests.factories import MeetingFactory
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db


def test_the_draft_claim_names_the_adviser_to_ask_and_the_calculation_follows_their_correction(client):
    trajectory, members = trajectory_with_group(3)
    adviser = trajectory.adviser.user
    adviser.first_name, adviser.last_name, adviser.email = "Joost", "de Graaf", "j.degraaf@example.org"
    adviser.save()
    sessions = [MeetingFactory(trajectory=trajectory, number=n) for n in (1, 2, 3)]
    for session in sessions:
        log(session, {m.pk: D("4") for m in members})
    log(sessions[1], {members[0].pk: D("4"), members[1].pk: D("4")})  # one member forgotten
    client.force_login(trajectory.application.created_by)
    url = reverse("trajectories:claim_detail", args=[trajectory.pk])
    page = client.get(url).content.decode()
    assert "Klopt een aanwezigheid of een aantal uren niet? Vraag dan eerst de adviseur, Joost de Graaf" in page
    assert 'href="mailto:j.degraaf@example.org"' in page
    assert "1.760,00" in page  # 8 × 4 h × € 55
    log(sessions[1], {m.pk: D("4") for m in members})  # the adviser corrects the log
    assert "1.980,00" in client.get(url).content.decode()

    claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN, account_holder="Stichting",
                               by=trajectory.application.created_by, amount=D("1980.00"))
    assert "Klopt een aanwezigheid" not in client.get(url).content.decode()
