"""The admin lists of advisers and of ambassador schools show each one's capacity as matching counts it in the
tranche staff work on now: one without a capacity of its own has the tranche's default, said as such (the lists
showed "–" while the matching page said "1 van 4")."""

import re

import pytest
from django.urls import reverse

from lobmatch.admin_columns import capacity_words
from lobmatch.models import Role
from tests.factories import AdviserFactory, AmbassadorSchoolFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db


def _capacity_cells(client, url) -> dict[str, str]:
    client.force_login(UserFactory(roles=[Role.STAFF]))
    html = client.get(url).content.decode()
    return dict(re.findall(r'>([^<>]+)</a></th>.*?<td class="field-capacity\w*">(.*?)</td>', html, re.S))


def test_an_adviser_without_an_own_capacity_has_the_tranches_default_in_the_list(client):
    tranche = TrancheFactory(adviser_capacity=4)
    AdviserFactory(capacity=None, user__first_name="Anna", user__last_name="Standaard")
    AdviserFactory(capacity=2, user__first_name="Bert", user__last_name="Eigen")
    cells = _capacity_cells(client, reverse("admin:trajectories_adviser_changelist"))
    assert cells == {"Anna Standaard": f"4 (standaard van {tranche})", "Bert Eigen": "2"}


def test_an_ambassador_school_without_an_own_capacity_has_the_tranches_default_in_the_list(client):
    tranche = TrancheFactory(ambassador_capacity=3)
    AmbassadorSchoolFactory(capacity=None, school__name="Standaardcollege", school__city="Utrecht")
    AmbassadorSchoolFactory(capacity=1, school__name="Eigencollege", school__city="Utrecht")
    cells = _capacity_cells(client, reverse("admin:ambassadors_ambassadorschool_changelist"))
    assert cells == {"Standaardcollege (Utrecht)": f"3 (standaard van {tranche})", "Eigencollege (Utrecht)": "1"}


def test_the_words_follow_the_capacity_matching_uses():
    tranche = TrancheFactory(adviser_capacity=3, ambassador_capacity=5)
    adviser = AdviserFactory.build(capacity=None)
    assert adviser.capacity_for(tranche) == 3
    assert capacity_words(adviser, tranche) == f"3 (standaard van {tranche})"
    assert capacity_words(AdviserFactory.build(capacity=1), tranche) == "1"
    assert capacity_words(adviser, None) == "–"
    assert capacity_words(AmbassadorSchoolFactory.build(capacity=None), tranche) == f"5 (standaard van {tranche})"
