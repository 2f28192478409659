"""A capacity is never lowered below the seats already held (proposals included), whether it is the tranche's
default or an ambassador school's or adviser's own, and a tranche's money rules are fixed once a school submitted
a claim in it. The model validation asks the service, so the admin forms say the same."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lobmatch.models import Role
from tests.factories import (
    AdviserFactory,
    GoodPracticeFactory,
    ReimbursementClaimFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.matching.test_services import applicant, closed_tranche
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_proposals():
    """Two proposals at one ambassador school with one adviser, in a tranche of capacity 2 for both."""
    tranche = closed_tranche(ambassador_capacity=2, adviser_capacity=2)
    practice, adviser, staff = GoodPracticeFactory(), AdviserFactory(), UserFactory(roles=[Role.STAFF])
    for _ in range(2):
        service.propose(applicant(tranche, practice), practice_id=practice.pk, adviser_id=adviser.pk, by=staff)
    return tranche, practice.ambassador, adviser


def test_the_tranches_capacity_stays_at_or_above_the_seats_held(two_proposals):
    tranche, ambassador, adviser = two_proposals
    tranche.ambassador_capacity, tranche.adviser_capacity = 1, 1
    with pytest.raises(ValidationError) as refused:
        tranche.full_clean()
    assert set(refused.value.message_dict) == {"ambassador_capacity", "adviser_capacity"}
    assert f"{ambassador.school.name}: 2 trajecten" in refused.value.message_dict["ambassador_capacity"][0]
    # the adviser by name, as the matching page names them, not by their login address
    assert f"{adviser.user.get_full_name()}: 2 trajecten" in refused.value.message_dict["adviser_capacity"][0]
    assert adviser.user.email not in refused.value.message_dict["adviser_capacity"][0]
    tranche.ambassador_capacity, tranche.adviser_capacity = 2, 2
    tranche.full_clean()  # equal to the seats held: fine


def test_an_ambassador_schools_and_an_advisers_own_capacity_too(two_proposals):
    tranche, ambassador, adviser = two_proposals
    ambassador.capacity = 1
    with pytest.raises(ValidationError, match=f"{tranche.name}: 2 trajecten"):
        ambassador.full_clean()
    ambassador.capacity = 3
    ambassador.full_clean()
    adviser.capacity = 1
    assert f"{tranche.name}: 2 trajecten" in service.own_capacity_problem(adviser=adviser)
    adviser.capacity = 2
    assert service.own_capacity_problem(adviser=adviser) == ""


def test_the_advisers_admin_form_says_it(client, two_proposals):
    tranche, _ambassador, adviser = two_proposals
    client.force_login(UserFactory(roles=[Role.STAFF]))
    response = client.post(f"/admin/trajectories/adviser/{adviser.pk}/change/",
                           {"user": adviser.user_id, "capacity": "1", "provinces": ["UT"], "active": "on"})
    assert response.status_code == 200
    assert "Niet lager dan de plaatsen die al bezet zijn" in response.content.decode()
    adviser.refresh_from_db()
    assert adviser.capacity is None


def test_a_finished_tranche_does_not_hold_back_a_lower_capacity_for_the_next(two_proposals):
    tranche, ambassador, _adviser = two_proposals
    tranche.trajectories.update(status="published")
    ambassador.capacity = 1
    ambassador.full_clean()


def test_the_money_rules_are_fixed_once_a_claim_is_in():
    trajectory = TrajectoryFactory()
    tranche = trajectory.tranche
    claim = ReimbursementClaimFactory(trajectory=trajectory, status="draft")
    tranche.hourly_rate = Decimal("99.00")
    tranche.full_clean()  # a draft claim: nothing was decided by these rules yet
    claim.status = "submitted"
    claim.save()
    with pytest.raises(ValidationError) as refused:
        tranche.full_clean()
    assert list(refused.value.message_dict) == ["hourly_rate"]
    assert "al een declaratie ingediend" in refused.value.message_dict["hourly_rate"][0]
    tranche.hourly_rate = Decimal("55.00")
    tranche.name = "Tranche met een nieuwe naam"
    tranche.full_clean()  # the rest of the tranche may still be edited


def test_the_admin_form_says_it(client, two_proposals):
    tranche, _ambassador, _adviser = two_proposals
    client.force_login(UserFactory(roles=[Role.STAFF]))
    url = f"/admin/lobmatch/tranche/{tranche.pk}/change/"
    page = client.get(url)
    data = {**page.context["adminform"].form.initial, "ambassador_capacity": "1"}
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, list)}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Niet lager dan de plaatsen die al bezet zijn" in response.content.decode()
    tranche.refresh_from_db()
    assert tranche.ambassador_capacity == 2


def test_staff_tick_an_advisers_provinces_by_name(client):
    """The provinces were a JSON text box: plain words were refused, and '["Noord-Holland"]' was saved silently
    and never matched a school (the matching reads codes)."""
    adviser = AdviserFactory(provinces=[])
    client.force_login(UserFactory(roles=[Role.STAFF]))
    url = f"/admin/trajectories/adviser/{adviser.pk}/change/"
    html = client.get(url).content.decode()
    # a box per province, named in words
    assert re.search(r'<label for="id_provinces_\d+"><input type="checkbox" name="provinces" value="NH"[^>]*>\s*'
                     r'Noord-Holland</label>', html)
    from tests.security.adminforms import admin_form_data

    data = admin_form_data(html)
    data.update(provinces=["NH", "UT"], _save=[""])
    assert client.post(url, data).status_code == 302
    adviser.refresh_from_db()
    assert adviser.provinces == ["NH", "UT"]
    data.update(provinces=["Noord-Holland"])
    assert client.post(url, data).status_code == 200  # not one of the choices: said at the field, nothing saved
    adviser.refresh_from_db()
    assert adviser.provinces == ["NH", "UT"]
