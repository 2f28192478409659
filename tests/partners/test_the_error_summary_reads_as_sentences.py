"""The application form's error summary names each field and its problem in one readable line: a field whose label
is a whole sentence (the commitments) loses its full stop before the colon ("… vier uur: Vink dit aan …")."""

import re

import pytest
from django.urls import reverse

from tests.factories import GoodPracticeFactory, SchoolFactory, TrancheFactory, UserFactory
from tests.partners.helpers import form_data

pytestmark = pytest.mark.django_db


def test_an_unticked_commitment_is_one_sentence_in_the_summary(client):
    TrancheFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("partners:start"), form_data([GoodPracticeFactory()], school=SchoolFactory(),
                                                                commit_school_leader=None), follow=True)
    items = [item["text"] for item in response.context["errors"]]
    [commitment] = [text for text in items if text.startswith("Onze schoolleider")]
    assert ".:" not in commitment and re.search(r"[^.]: Vink dit aan", commitment), commitment
    assert not any(".:" in text for text in items)
