"""The staff changelists of applications and trajectories take the same queries for one row as for a full page of
50 and more: the rows' schools, good practices and advisers come with the page, never one query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lobmatch.models import Role
from tests.factories import PartnerApplicationFactory, TrajectoryFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize(("path", "make"), [
    ("/admin/partners/partnerapplication/",
     lambda tranche: PartnerApplicationFactory(tranche=tranche, status="submitted")),
    ("/admin/trajectories/trajectory/", lambda tranche: TrajectoryFactory(application__tranche=tranche)),
], ids=["applications", "trajectories"])
def test_one_row_and_many_rows_take_the_same_queries(client, path, make):
    tranche = TrancheFactory()
    client.force_login(UserFactory(roles=[Role.STAFF]))
    make(tranche)
    one, response = queries(client, path)
    assert response.context["cl"].result_count == 1
    for _ in range(55):
        make(tranche)
    many, response = queries(client, path)
    assert response.context["cl"].result_count == 56 and len(response.context["cl"].result_list) == 50
    assert many == one
