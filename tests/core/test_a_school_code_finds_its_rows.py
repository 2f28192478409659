"""A school's code as the admin lists print it, BRIN and location together ("15WW00"), finds that school's rows in
the applications, trajectories, extensions and schools lists (it found nothing: they are two fields)."""

import datetime as dt

import pytest
from django.utils import timezone

from lobmatch.models import Role
from partners.models import DeadlineExtension
from tests.factories import PartnerApplicationFactory, SchoolFactory, TrajectoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_printed_code_finds_the_school_in_every_list(client):
    school = SchoolFactory(brin="15WW", location_code="00", name="Wegwijzer College")
    SchoolFactory(brin="15WW", location_code="01", name="Wegwijzer Dependance")
    application = PartnerApplicationFactory(school=school, status="submitted")
    trajectory = TrajectoryFactory(application__school=school)
    DeadlineExtension.objects.create(tranche=application.tranche, school=school, reason="ziekte",
                                     until=timezone.now() + dt.timedelta(days=3))
    client.force_login(UserFactory(roles=[Role.STAFF]))
    for url in ("/admin/partners/partnerapplication/", "/admin/trajectories/trajectory/",
                "/admin/partners/deadlineextension/", "/admin/lobmatch/school/"):
        for term in ("15WW00", "15ww 00"):
            response = client.get(url, {"q": term})
            rows = list(response.context["cl"].result_list)
            assert rows and all(getattr(row, "school", None) in (None, school) for row in rows), (url, term)
            assert "Dependance" not in response.content.decode(), url
    assert application in client.get("/admin/partners/partnerapplication/", {"q": "15WW00"}).context["cl"].result_list
    assert trajectory in client.get("/admin/trajectories/trajectory/", {"q": "15WW00"}).context["cl"].result_list
