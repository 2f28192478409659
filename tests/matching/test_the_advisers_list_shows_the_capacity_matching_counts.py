"""The advisers' list shows each adviser's capacity as matching counts it in the tranche staff work on now: an
adviser without a capacity of their own has the tranche's default, said as such (the list showed "–" while the
matching page said "1 van 4")."""

import re

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import AdviserFactory, TrancheFactory, UserFactory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db


def test_an_adviser_without_an_own_capacity_has_the_tranches_default_in_the_list(client):
    tranche = TrancheFactory(adviser_capacity=4)
    AdviserFactory(capacity=None, user__first_name="Anna", user__last_name="Standaard")
    AdviserFactory(capacity=2, user__first_name="Bert", user__last_name="Eigen")
    client.force_login(UserFactory(roles=[Role.STAFF]))
    html = client.get(reverse("admin:trajectories_adviser_changelist")).content.decode()
    cells = dict(re.findall(r'>([A-Z][a-z]+ [A-Z][a-z]+)</a></th>.*?<td class="field-capacity\w*">(.*?)</td>',
                            html, re.S))
    assert cells == {"Anna Standaard": f"4 (standaard van {tranche})", "Bert Eigen": "2"}


def test_the_words_follow_the_capacity_matching_uses():
    tranche = TrancheFactory(adviser_capacity=3)
    adviser = AdviserFactory.build(capacity=None)
    assert adviser.capacity_for(tranche) == 3
    assert service.capacity_words(adviser, tranche) == f"3 (standaard van {tranche})"
    assert service.capacity_words(AdviserFactory.build(capacity=1), tranche) == "1"
    assert service.capacity_words(adviser, None) == "–"
