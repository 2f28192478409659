"""The adviser's start page names the next step: how many meetings have passed and wait for a report, with a link
to the list that shows them first."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeetingFactory, TrajectoryFactory

pytestmark = pytest.mark.django_db


def test_meetings_waiting_for_a_report_are_counted_on_the_start_page(client):
    trajectory = TrajectoryFactory()
    adviser = trajectory.adviser.user
    client.force_login(adviser)
    assert "wacht op uw verslag" not in client.get(reverse("start")).content.decode()
    MeetingFactory(trajectory=trajectory, kind="session", number=1, status="planned",
                   planned_start=timezone.now() - dt.timedelta(days=1))
    MeetingFactory(trajectory=trajectory, kind="session", number=2, status="planned",
                   planned_start=timezone.now() + dt.timedelta(days=7))  # still to come
    MeetingFactory(kind="session", number=1, status="planned",
                   planned_start=timezone.now() - dt.timedelta(days=1))  # another adviser's
    page = client.get(reverse("start")).content.decode()
    assert f'href="{reverse("trajectories:adviser_list")}">1 bijeenkomst wacht op uw verslag</a>' in page
    client.force_login(trajectory.application.created_by)  # not the school's step
    assert "wacht op uw verslag" not in client.get(reverse("start")).content.decode()
