"""The school learns what its claim waits for where it looks first: after submitting, the claim page says what
happens next; after the bank sent the transfer back, the start page and the top of the claim page say to check the
account and link to the form."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import ReimbursementClaimFactory, UserFactory, export_batch
from trajectories.services import exports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_a_returned_transfer_is_named_on_the_start_page_and_at_the_top_of_the_claim_page(client):
    finance = UserFactory(roles=[Role.FINANCE])
    claim = ReimbursementClaimFactory(status="approved", amount=D("100.00"), counted_hours=D("2"))
    contact = claim.trajectory.application.created_by
    client.force_login(contact)
    assert "controleer uw rekening" not in client.get(reverse("start")).content.decode()
    batch = export_batch(finance)
    exports.record_return(claim, batch=batch, reason="AC04", by=finance)
    start = client.get(reverse("start")).content.decode()
    claim_url = reverse("trajectories:claim_detail", args=[claim.trajectory_id])
    assert f'href="{claim_url}#rekening">De bank heeft de betaling teruggestuurd: controleer uw rekening' in start
    page = client.get(claim_url).content.decode()
    top = page[:page.index('<p class="lead">')]
    assert "De bank heeft de betaling teruggestuurd." in top and "AC04" in top and 'href="#rekening"' in top
    assert 'id="rekening"' in page
    client.force_login(claim.trajectory.adviser.user)  # the adviser's start page is not the school's to-do list
    assert "controleer uw rekening" not in client.get(reverse("start")).content.decode()


def test_after_submitting_the_claim_page_says_what_happens_next(client):
    claim = ReimbursementClaimFactory(status="submitted", amount=D("100.00"), counted_hours=D("2"))
    client.force_login(claim.trajectory.application.created_by)
    page = client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).content.decode()
    assert "De financiële administratie controleert de declaratie" in page and "Ingediend op" in page
