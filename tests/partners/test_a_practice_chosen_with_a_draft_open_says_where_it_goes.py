"""'Aanmelden met deze good practice' when the school already has a draft opens that draft, which keeps its own
choices, and says so with the practice's name instead of dropping the choice without a word."""

import pytest
from django.urls import reverse

from tests.factories import GoodPracticeFactory, PartnerApplicationFactory, PreferenceFactory, TrancheFactory

pytestmark = pytest.mark.django_db


def test_the_draft_opens_with_a_message_naming_the_practice(client):
    tranche = TrancheFactory()
    draft = PartnerApplicationFactory(tranche=tranche, status="draft")
    first = GoodPracticeFactory(title="Loopbaandossier")
    PreferenceFactory(application=draft, rank=1, practice=first)
    wanted = GoodPracticeFactory(title="De mentor als loopbaancoach")
    client.force_login(draft.created_by)
    response = client.get(reverse("partners:start"), {"practice": wanted.slug}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("partners:edit", args=[draft.pk])
    html = response.content.decode()
    assert "U had al een concept" in html and "‘De mentor als loopbaancoach’" in html
    assert response.context["form"]["choice_1"].value() == first.pk  # the draft's own choice stays
    # without a practice in the address: the draft opens as it is, without the message
    plain = client.get(reverse("partners:start"), follow=True).content.decode()
    assert "U had al een concept" not in plain
