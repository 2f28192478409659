"""Finance's claim queue says plainly when nothing is ready for a payment file, instead of "0 goedgekeurd, samen
€ 0,00"."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import ReimbursementClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_nothing_approved_is_said_in_words(client):
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    html = client.get(reverse("trajectories:finance_claims")).content.decode()
    assert "nog niets goedgekeurd om te exporteren" in html and "0 goedgekeurd" not in html


def test_approved_claims_are_counted(client):
    ReimbursementClaimFactory(status="approved")
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    html = client.get(reverse("trajectories:finance_claims")).content.decode()
    assert "1 goedgekeurd, samen" in html and "nog niets goedgekeurd" not in html
