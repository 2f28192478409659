"""The adviser's ties ("banden met scholen") read as school names in the admin, not as the bare ids the raw-id box
showed ("12,40"), and the change page reads them in a fixed number of queries however many there are. The same
box of an ambassador school's contacts names the people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from lobmatch.models import Role
from tests.factories import AdviserFactory, AmbassadorSchoolFactory, SchoolFactory, UserFactory
from tests.security.adminforms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(roles=[Role.STAFF])
    client.force_login(user)
    return user


def _page(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_the_ties_are_named_and_read_in_constant_queries(client, staff):
    adviser = AdviserFactory()
    url = f"/admin/trajectories/adviser/{adviser.pk}/change/"
    first = SchoolFactory(name="Het Zuiderlicht", city="Utrecht")
    adviser.ties.add(first)
    page, one = _page(client, url)
    assert f"<strong>{escape(str(first))}</strong>" in page
    others = [SchoolFactory(name=f"De Noorderpoort {i}", city="Zwolle") for i in range(5)]
    adviser.ties.add(*others)
    page, many = _page(client, url)
    assert many == one
    # the box keeps the ids (what is typed or looked up there is saved as before), named in their order beside it
    ids = admin_form_data(page)["ties"][0].split(",")
    schools = {str(s.pk): s for s in [first, *others]}
    assert sorted(ids) == sorted(schools)
    assert f"<strong>{escape(', '.join(str(schools[i]) for i in ids))}</strong>" in page


def test_an_ambassador_schools_contacts_are_named(client, staff):
    ambassador = AmbassadorSchoolFactory()
    ambassador.contacts.add(UserFactory(first_name="Anna", last_name="Amba"))
    page, _queries = _page(client, f"/admin/ambassadors/ambassadorschool/{ambassador.pk}/change/")
    assert "<strong>Anna Amba</strong>" in page
