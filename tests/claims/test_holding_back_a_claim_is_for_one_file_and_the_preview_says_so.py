"""'Tegenhouden' keeps an approved claim out of the payment file being made, and only that one: by design the claim
stays approved and the next preview has it again. Finance took it to last until released, so the preview now says
what it does before anyone relies on it, whether or not a claim is held back."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import ReimbursementClaimFactory, UserFactory

pytestmark = pytest.mark.django_db
SAID = "Tegenhouden geldt alleen voor het betaalbestand dat u nu maakt."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def approved(amount):
    return ReimbursementClaimFactory(status="approved", amount=D(amount), counted_hours=D("4"))


def test_the_preview_says_a_hold_lasts_for_this_file_only_and_it_does(client):
    kept, paid = approved("40.00"), approved("100.00")
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    url = reverse("trajectories:finance_batch_preview")
    page = client.get(url).content.decode()
    explained = re.search(r'<p id="tegenhouden-uitleg">(.*?)</p>', page, re.S)
    assert explained and SAID in explained.group(1)
    assert "ook als u deze pagina verlaat zonder het bestand te maken" in explained.group(1)
    assert page.index(SAID) < page.index("<table")  # read before the rows' buttons
    page = client.get(url, {"tegenhouden": str(kept.pk)}).content.decode()
    assert SAID in page and "Tegengehouden" in page
    client.post(url, {"claim_ids": str(paid.pk), "held_ids": str(kept.pk), "total": "100.00"})
    page = client.get(url).content.decode()  # what the screen says: the next preview has it again
    assert "Er komt 1 overboeking in het bestand, samen €\u00a040,00." in page and SAID in page
