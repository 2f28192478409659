"""The claim's calculation per guided session gives the session's amount beside its hours, and names the members the
adviser logged with 0 hours: they have no line (nothing is reimbursed), and a school counting its working group
should not wonder where they went."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from tests.claims.helpers import log, trajectory_with_group
from tests.factories import MeetingFactory
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db


def test_each_session_has_its_amount_and_names_who_was_absent(client):
    trajectory, members = trajectory_with_group(5)
    log(MeetingFactory(trajectory=trajectory, number=1),
        {members[0].pk: D("4"), members[1].pk: D("2.5"), members[2].pk: D("4"), members[3].pk: D("0"),
         members[4].pk: D("0")})
    log(MeetingFactory(trajectory=trajectory, number=2), {m.pk: D("4") for m in members})
    breakdown = claim_service.breakdown(claim_service.ensure_claim(trajectory))
    first, second = breakdown.sessions
    assert (first.amount, first.absent) == (D("577.50"), ["Lid 3", "Lid 4"])  # 10.5 h × € 55
    assert (second.amount, second.absent) == (D("1100.00"), [])  # 5 × 4 h × € 55
    assert first.amount + second.amount == breakdown.calculation.amount

    client.force_login(trajectory.application.created_by)
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    assert "Niet aanwezig (0 uur): Lid 3, Lid 4" in page
    assert page.count("Niet aanwezig (0 uur)") == 1
    assert "€\u00a0577,50" in page and "€\u00a01.100,00" in page and "€\u00a01.677,50" in page
