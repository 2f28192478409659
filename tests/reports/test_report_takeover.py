"""A background report is taken over only when its worker has died, not while a slow one is still at it."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import TrancheFactory, UserFactory
from trajectories.models import GeneratedReport
from trajectories.services import generated_reports

pytestmark = pytest.mark.django_db


def test_a_long_running_report_is_not_taken_over_while_its_worker_is_at_it():
    tranche = TrancheFactory()
    report = GeneratedReport.objects.create(kind="tranche_overview", tranche=tranche,
                                            requested_by=UserFactory(is_staff=True))
    GeneratedReport.objects.filter(pk=report.pk).update(created_at=timezone.now() - dt.timedelta(minutes=40))
    assert generated_reports.start_report(report.pk) is not None  # waited 40 minutes for the broker: a worker takes it
    assert generated_reports.start_report(report.pk) is None  # and nobody else while it runs
    report.refresh_from_db()
    assert generated_reports.build_report(report.pk) is None  # a repeated task renders nothing while it runs
    GeneratedReport.objects.filter(pk=report.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))
    assert generated_reports.start_report(report.pk) is not None  # its worker died long ago: taken over
