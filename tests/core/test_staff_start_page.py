"""The staff start page says what needs staff now, each count linking to the admin list of exactly those rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ambassadors.models import GoodPractice
from lobmatch.models import Role
from partners.models import PartnerApplication
from tests.factories import (
    GoodPracticeFactory,
    MeetingFactory,
    PartnerApplicationFactory,
    TrajectoryFactory,
    TrancheFactory,
    UserFactory,
)
from trajectories.models import Meeting, Trajectory
from trajectories.selectors import current_tranche, staff_worklist

pytestmark = pytest.mark.django_db


def _make_work(n):
    tranche = TrancheFactory()
    for _ in range(n):
        PartnerApplicationFactory(tranche=tranche, status=PartnerApplication.Status.SUBMITTED)
        TrajectoryFactory(status=Trajectory.Status.PROPOSED)
        TrajectoryFactory(status=Trajectory.Status.CONFIRMED)
        MeetingFactory(status=Meeting.Status.PLANNED, planned_start=timezone.now() - dt.timedelta(days=1))
        MeetingFactory(status=Meeting.Status.PLANNED, planned_start=timezone.now() + dt.timedelta(days=3))
        GoodPracticeFactory(status=GoodPractice.Status.PUBLISHED, changed_since_review_at=timezone.now())


def _counts():
    return [item["count"] for item in staff_worklist()]


def test_worklist_counts_each_kind_of_open_work():
    _make_work(2)
    assert _counts() == [2, 2, 2, 2, 2]


def test_each_count_links_to_an_admin_list_of_exactly_those_rows(client):
    _make_work(2)
    client.force_login(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    for item in staff_worklist():
        response = client.get(item["url"])
        assert response.status_code == 200, item["url"]
        assert response.context["cl"].result_count == item["count"] == 2, item["label"]


def test_start_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    staff = UserFactory(roles=[Role.STAFF])
    client.force_login(staff)
    _make_work(1)
    client.get(reverse("start"))  # warm up caches (session, content types)
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("start"))
    assert response.status_code == 200
    _make_work(4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("start"))
    html = response.content.decode()
    assert "Wat vraagt nu om uw aandacht" in html
    assert reverse("admin:trajectories_matching", args=[current_tranche().pk]) in html


def test_staff_and_finance_are_not_invited_to_apply_as_partner_school(client):
    for role in (Role.STAFF, Role.FINANCE):
        client.force_login(UserFactory(roles=[role]))
        assert "Aanmelden als partnerschool" not in client.get(reverse("start")).content.decode()
    client.force_login(UserFactory())
    assert "Aanmelden als partnerschool" in client.get(reverse("start")).content.decode()


def test_matching_is_one_click_from_the_admin_home(client):
    tranche = TrancheFactory()
    client.force_login(UserFactory(roles=[Role.STAFF]))
    index = client.get(reverse("admin:index")).content.decode()
    link = reverse("admin:trajectories_matching_current")
    assert link in index
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:trajectories_matching", args=[tranche.pk])


def test_each_line_names_its_work_before_the_count_so_one_reads_right(client):
    """"Bijeenkomsten voorbij maar niet vastgelegd: 1", not "1 bijeenkomsten …": the labels are plural."""
    client.force_login(UserFactory(roles=[Role.STAFF]))
    _make_work(1)
    html = client.get(reverse("start")).content.decode()
    for item in staff_worklist():
        assert f'{item["label"]}: <strong>1</strong></a>' in html
